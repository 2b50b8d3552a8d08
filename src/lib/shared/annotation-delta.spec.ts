import { describe, expect, it } from 'vitest';
import type { Annotation } from '../contract/annotations';
import { applyAnnotationDelta } from './annotation-delta';

const a = (id: string, time: number, title = id): Annotation => ({
  id,
  version: 1,
  kind: 'event',
  time,
  timeEnd: null,
  title,
  text: '',
  tags: [],
  panels: [],
  source: null,
  author: '',
  origin: 'user'
});

describe('applyAnnotationDelta', () => {
  const held = { run: 'r', seq: 3, annotations: [a('x', 10), a('y', 20)] };
  it('adds, replaces and removes annotations of a delta based on the held seq', () => {
    const next = applyAnnotationDelta(held, { run: 'r', seq: 4, base: 3, upserts: [a('z', 5), a('y', 20, 'Y2')], removed: ['x'] });
    expect(next).toEqual({ run: 'r', seq: 4, annotations: [a('z', 5), a('y', 20, 'Y2')] });
  });
  it('reports a gap when a delta was missed or the server restarted', () => {
    expect(applyAnnotationDelta(held, { run: 'r', seq: 5, base: 4, upserts: [], removed: ['x'] })).toBe('gap');
    expect(applyAnnotationDelta(held, { run: 'other', seq: 1, base: 0, upserts: [], removed: [] })).toBe('gap');
  });
  it('ignores a delta already held', () => {
    expect(applyAnnotationDelta(held, { run: 'r', seq: 3, base: 2, upserts: [], removed: ['x'] })).toBe('old');
  });
});

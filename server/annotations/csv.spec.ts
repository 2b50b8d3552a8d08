import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/lib/contract/annotations';
import { annotationsCsv } from './csv';

const a: Annotation = {
  id: 'n1',
  version: 2,
  kind: 'region',
  time: Date.UTC(2024, 2, 1),
  timeEnd: Date.UTC(2024, 2, 31),
  title: '=HYPERLINK("http://evil")',
  text: 'line one\nline "two"',
  tags: ['ops', 'crawl'],
  panels: [],
  source: { title: 'S', url: 'https://example.org', licence: 'CC BY 4.0' },
  author: 'me',
  origin: 'user'
};

describe('annotationsCsv', () => {
  it('writes one quoted row per annotation with ISO times, and neutralises formulas', () => {
    const csv = annotationsCsv([a]);
    const [header, row] = [csv.slice(0, csv.indexOf('\n')), csv.slice(csv.indexOf('\n') + 1)];
    expect(header).toBe(
      '"id","version","kind","time","time_end","title","text","tags","panels","source_title","source_url","source_licence","author","origin"'
    );
    expect(row).toContain('"2024-03-01T00:00:00.000Z","2024-03-31T00:00:00.000Z"');
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain('"line one\nline ""two"""');
  });
});

import { describe, expect, it } from 'vitest';
import type { PanelData, PanelDelta } from '../contract/socket';
import { isNewer, receiveDelta } from './live-delta';

const held: PanelData = {
  key: 'k',
  panel: 'provenance.ai_share',
  rows: [
    { t: 1, docs: 1 },
    { t: 2, docs: 2 }
  ],
  as_of: '2026-11-30T12:00:00.000Z',
  seq: 7,
  run: 'runA'
};
const delta = (over: Partial<PanelDelta>): PanelDelta => ({
  key: 'k',
  panel: 'provenance.ai_share',
  as_of: '2026-11-30T12:00:01.000Z',
  seq: 9,
  base: 7,
  run: 'runA',
  splices: [{ at: 1, del: 1, rows: [{ t: 2, docs: 3 }] }],
  ...over
});

describe('receiveDelta', () => {
  it('applies a delta to the result it was computed against', () => {
    expect(receiveDelta(held, delta({}))).toEqual({
      key: 'k',
      panel: 'provenance.ai_share',
      rows: [
        { t: 1, docs: 1 },
        { t: 2, docs: 3 }
      ],
      as_of: '2026-11-30T12:00:01.000Z',
      seq: 9,
      run: 'runA'
    });
    // The held rows are not changed.
    expect(held.rows[1]).toEqual({ t: 2, docs: 2 });
  });

  it.each([
    ['a delta after one that was missed', delta({ base: 8, seq: 10 }), 'gap'],
    ['a delta when nothing is held', delta({}), 'gap'],
    ['splices that do not fit the rows held', delta({ splices: [{ at: 2, del: 1, rows: [] }] }), 'gap'],
    ['a later run of the server (seq restarted)', delta({ run: 'runB', seq: 2, base: 1, as_of: '2026-11-30T13:00:00.000Z' }), 'gap'],
    ['a later run whose base happens to match', delta({ run: 'runB', base: 7, seq: 8, as_of: '2026-11-30T13:00:00.000Z' }), 'gap'],
    ['an earlier run, arriving late', delta({ run: 'runZ', as_of: '2026-11-30T11:00:00.000Z' }), 'old'],
    ['a delta already applied', delta({ seq: 7, base: 6 }), 'old']
  ])('%s: %s', (name, d, outcome) => {
    expect(receiveDelta(name === 'a delta when nothing is held' ? null : held, d)).toBe(outcome);
  });
});

describe('isNewer', () => {
  it('orders by as_of, then seq; drops an equal result', () => {
    expect(isNewer(held, null)).toBe(true);
    expect(isNewer({ ...held }, held)).toBe(false);
    expect(isNewer({ ...held, seq: 8 }, held)).toBe(true);
    expect(isNewer({ ...held, seq: 1, run: 'runB', as_of: '2026-11-30T12:00:05.000Z' }, held)).toBe(true);
    expect(isNewer({ ...held, seq: 99, as_of: '2026-11-30T11:59:59.000Z' }, held)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { PanelRow } from '../../src/lib/contract/socket';
import type { SqlPanel } from './definition';
import { usableRows } from './usable';

const panel: SqlPanel = {
  kind: 'sql',
  info: {
    id: 'market.ai_mentions',
    title: 't',
    description: 'd',
    unit: 'share',
    chart: 'line',
    columns: [
      { name: 't', label: 'Period start', role: 'time' },
      { name: 'category', label: 'Category', role: 'series' },
      { name: 'postings', label: 'Postings', role: 'measure', unit: 'count' },
      { name: 'share', label: 'Share', role: 'measure', unit: 'share' },
      { name: 'change', label: 'Change', role: 'measure', unit: 'change' },
      { name: 'points', label: 'Points', role: 'measure', unit: 'points' },
      { name: 'year', label: 'Year', role: 'measure', unit: 'year' },
      { name: 'excess', label: 'Excess', role: 'measure', unit: 'share', difference: true }
    ],
    streams: ['market'],
    dimensions: [],
    grains: ['day'],
    defaults: { from: 'now-1y', to: 'now' },
    refresh_ms: 1000
  },
  build: () => ({ sql: '', params: {}, source: 'market_daily' })
};

const T = Date.UTC(2025, 4, 2);
const row = (over: PanelRow): PanelRow => ({
  t: T,
  category: 'writing',
  postings: 2,
  share: 0.5,
  change: -1,
  points: -1,
  year: 2030,
  excess: 0.1,
  ...over
});

describe('usableRows', () => {
  it('keeps rows at the edges of every range, and null measures (no data)', () => {
    const rows = [
      row({}),
      row({ share: 0, points: 1, change: 1e9, postings: 0 }),
      row({ share: 1, year: -5, excess: -1 }),
      row({ excess: 1 }),
      row({ share: null, change: null })
    ];
    expect(usableRows(panel, rows, 'market_daily')).toEqual({ kept: rows, left: null });
  });

  it.each([
    [{ share: 1.0000001 }, 'share is 1.0000001, outside the range of a share ([0, 1])'],
    [{ share: -0.1 }, 'share is -0.1, outside the range of a share ([0, 1])'],
    [{ postings: -1 }, 'postings is -1, outside the range of a count (at least 0)'],
    [{ change: -1.5 }, 'change is -1.5, outside the range of a relative change (at least -1)'],
    [{ points: 1.5 }, 'points is 1.5, outside the range of a difference of shares ([-1, 1])'],
    [{ excess: -1.2 }, 'excess is -1.2, outside the range of a difference of two values, each a share ([-1, 1])'],
    [{ year: Infinity }, 'year is Infinity, not a finite number'],
    [{ share: 'nan' }, 'share is nan, not a finite number'],
    [{ postings: '-inf' }, 'postings is -inf, not a finite number'],
    [{ t: 1.5 }, 't is not a valid instant'],
    [{ t: 9e15 }, 't is not a valid instant'],
    [{ t: null }, 't is not a valid instant']
  ])('leaves out %j and says why', (over, reason) => {
    const bad = row(over);
    const { kept, left } = usableRows(panel, [row({}), bad], 'market_daily');
    expect(kept).toEqual([row({})]);
    expect(left).toEqual({ table: 'market_daily', rows: 1, reason, examples: [expect.stringMatching(/ category=writing$/)] });
  });

  it("counts every row left out, names the first five by time and labels, and takes the streams' tables when no table is given", () => {
    const rows = Array.from({ length: 7 }, (_, i) => row({ t: T + i * 86_400_000, share: 2 }));
    const { kept, left } = usableRows(panel, rows);
    expect(kept).toEqual([]);
    expect(left?.table).toBe('market_postings');
    expect(left?.rows).toBe(7);
    expect(left?.examples).toEqual([2, 3, 4, 5, 6].map((d) => `t=2025-05-0${d}T00:00:00.000Z category=writing`));
  });
});

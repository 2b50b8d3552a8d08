import { describe, expect, it } from 'vitest';
import type { View } from './definition';
import { CRAWL_RAW, DOMAIN_DAILY, DOMAIN_MONTHLY } from './domains/provenance-sql';
import { monthSplitRows, splitRanges, twoPeriodRows } from './month-split';

const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const cols = ['domain', 'docs', { as: 'first', daily: 'day', monthly: 'month' }];

describe('whole months from the monthly rollup, the other days from the daily one', () => {
  it('reads only the daily rollup when no whole month lies in the range', () => {
    const r = monthSplitRows(DOMAIN_DAILY, DOMAIN_MONTHLY, {}, [{ fromMs: utc(2024, 3, 5), toMs: utc(2024, 4, 20) }], cols, 'w');
    expect(r.source).toBe('crawl_domain_daily');
    expect(r.from).toBe(
      '(SELECT day, domain, docs, day AS first FROM crawl_domain_daily WHERE ((day >= {w_d0_from:Date} AND day < {w_d0_to:Date})))'
    );
    expect(r.params).toEqual({
      w_d0_from: '2024-03-05',
      w_d0_to: '2024-04-20'
    });
  });

  it('splits a long range, names every parameter after the caller and filters both tables', () => {
    const r = monthSplitRows(
      DOMAIN_DAILY,
      DOMAIN_MONTHLY,
      { domain: ['a.example'] },
      [{ fromMs: utc(2023, 11, 20), toMs: utc(2024, 3, 3) }],
      cols,
      'base'
    );
    expect(r.source).toBe('crawl_domain_monthly+crawl_domain_daily');
    expect(r.time).toBe('day');
    expect(r.from).toContain('SELECT month AS day, domain, docs, month AS first FROM crawl_domain_monthly');
    expect(r.from).toContain('WHERE ((month >= {base_m0_from:Date} AND month < {base_m0_to:Date})) AND domain IN');
    expect(r.from).toContain('SELECT day, domain, docs, day AS first FROM crawl_domain_daily');
    expect(r.from).toContain(
      'WHERE ((day >= {base_d0_from:Date} AND day < {base_d0_to:Date}) OR (day >= {base_d1_from:Date} AND day < {base_d1_to:Date})) AND domain IN'
    );
    expect(r.from.match(/domain IN \{f_domain:Array\(String\)\}/g)).toHaveLength(2);
    expect(r.params).toMatchObject({
      base_m0_from: '2023-12-01',
      base_m0_to: '2024-03-01',
      base_d0_from: '2023-11-20',
      base_d0_to: '2023-12-01',
      base_d1_from: '2024-03-01',
      base_d1_to: '2024-03-03',
      f_domain: ['a.example']
    });
  });

  it('bounds an empty range by the builder, which then holds no day', () => {
    const r = monthSplitRows(
      DOMAIN_DAILY,
      DOMAIN_MONTHLY,
      { domain: ['a.example'] },
      [{ fromMs: utc(2024, 3, 5), toMs: utc(2024, 3, 5) }],
      cols,
      'w'
    );
    expect(r.source).toBe('crawl_domain_daily');
    expect(r.from).toContain(
      "WHERE day >= toDate({w_from:DateTime64(3, 'UTC')}) AND day <= toDate({w_to:DateTime64(3, 'UTC')}) AND domain IN"
    );
    expect(r.params).toEqual({ w_from: '2024-03-05 00:00:00.000', w_to: '2024-03-04 00:00:00.000', f_domain: ['a.example'] });
  });

  it('reads only the monthly rollup for a range of whole months', () => {
    const r = monthSplitRows(DOMAIN_DAILY, DOMAIN_MONTHLY, {}, [{ fromMs: utc(2024, 1, 1), toMs: utc(2024, 4, 1) }], cols, 'w');
    expect(r.source).toBe('crawl_domain_monthly');
  });

  it('joins the days either side of two adjacent windows into one piece', () => {
    const { months, days } = splitRanges([
      { fromMs: utc(2024, 1, 15), toMs: utc(2024, 3, 10) },
      { fromMs: utc(2024, 3, 10), toMs: utc(2024, 5, 4) }
    ]);
    const iso = (rs: { fromMs: number; toMs: number }[]) =>
      rs.map((r) => [new Date(r.fromMs).toISOString().slice(0, 10), new Date(r.toMs).toISOString().slice(0, 10)]);
    expect(iso(months)).toEqual([
      ['2024-02-01', '2024-03-01'],
      ['2024-04-01', '2024-05-01']
    ]);
    expect(iso(days)).toEqual([
      ['2024-01-15', '2024-02-01'],
      ['2024-03-01', '2024-04-01'],
      ['2024-05-01', '2024-05-04']
    ]);
  });
});

describe('two periods in one read', () => {
  const view = (over: Partial<View>): View => ({
    filters: {},
    fromMs: utc(2024, 3, 1),
    toMs: utc(2024, 5, 1),
    grain: 'week',
    now: utc(2024, 5, 1),
    ...over
  });
  const tables = { daily: DOMAIN_DAILY, monthly: DOMAIN_MONTHLY, raw: CRAWL_RAW };

  it.each([
    ['rollups at day grain or coarser', view({}), false, 'crawl_domain_monthly+crawl_domain_daily', 'day >= {cur_day:Date}'],
    ['the raw table at hour grain', view({ grain: 'hour' }), false, 'crawl_documents', "ts >= {cur_from:DateTime64(3, 'UTC')}"],
    [
      'the raw table for a filter the rollups lack',
      view({ filters: { lang: ['en'] } }),
      false,
      'crawl_documents',
      "ts >= {cur_from:DateTime64(3, 'UTC')}"
    ],
    ['the raw table when forced', view({}), true, 'crawl_documents', "ts >= {cur_from:DateTime64(3, 'UTC')}"]
  ])('%s', (_, v, forceRaw, source, isCurrent) => {
    const r = twoPeriodRows(tables, v, ['domain', 'docs', 'tokens'], forceRaw);
    expect(r.source).toBe(source);
    expect(r.isCurrent).toBe(isCurrent);
  });
});

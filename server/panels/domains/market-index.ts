import type { Grain } from '../../../src/lib/contract/filters';
import type { SqlPanel, View } from '../definition';
import { bucket, epochMs, ratio } from '../fragments';
import { monthSplitRows, tableRows, type RowSet } from '../month-split';
import { chDate, startOfDay } from '../periods';
import {
  MARKET_COLUMNS,
  MARKET_DAILY,
  MARKET_DIMENSIONS,
  MARKET_GRAINS,
  MARKET_MONTHLY,
  MARKET_RAW,
  marketMeasures,
  marketRows
} from './market-sql';

const DAY_MS = 86_400_000;

/**
 * The pre-ChatGPT baseline: postings from 2020-01-01 (or the first posting after it) up to the
 * day ChatGPT was released, 2022-11-30. Fixed, whatever window the viewer looks at, so the same
 * week has the same index in every view with the same filters.
 */
export const BASELINE = { fromMs: Date.UTC(2020, 0, 1), toMs: Date.UTC(2022, 10, 30) } as const;

/** The start of the bucket after `b`. */
function bucketEnd(grain: Grain, b: string): string {
  const fn = { minute: 'addMinutes', hour: 'addHours', day: 'addDays', week: 'addWeeks', month: 'addMonths' }[grain];
  return `${fn}(${b}, 1)`;
}

/**
 * Postings per period and category as an index, baseline = 100. The baseline is a rate per day
 * (postings over the days from the first baseline posting to 2022-11-30), and each period is
 * compared with that rate times the days of it inside the window: a full week against the mean
 * baseline week, and the week in progress against the part of it that has passed, so the live
 * end of the line does not dip.
 */
export const postingsIndex: SqlPanel = {
  kind: 'sql',
  info: {
    id: 'market.postings_index',
    title: 'Freelance postings index',
    description:
      'Postings per week (or chosen grain) by category, as an index of the mean pre-ChatGPT week (2020-01-01 to 2022-11-30, same filters) = 100.',
    unit: 'index',
    chart: 'line',
    columns: [
      { name: 't', label: 'Period start', role: 'time' },
      { name: 'category', label: 'Category', role: 'series', filter: 'category' },
      { name: 'postings', label: 'Postings', role: 'measure', unit: 'count' },
      { name: 'index', label: 'Index (pre-ChatGPT = 100)', role: 'measure', unit: 'index' }
    ],
    streams: ['market'],
    dimensions: MARKET_DIMENSIONS,
    grains: MARKET_GRAINS,
    defaults: { from: '2020-01-01', to: 'now', grain: 'month' },
    refresh_ms: 60_000
  },
  build(view, opts) {
    const rows = marketRows(view, 'time', opts?.forceRaw);
    const base = baselineRows(view, opts?.forceRaw);
    const m = marketMeasures(rows.rollup);
    const b = bucket(view.grain, rows.time);
    // Rollups hold whole days, so their window starts at midnight of the first day.
    const fromMs = rows.rollup ? startOfDay(view.fromMs) : view.fromMs;
    const sql = `
SELECT
  ${epochMs('cur.b')} AS t,
  cur.category AS category,
  cur.postings AS postings,
  round(${ratio('cur.postings * 100', '(base.per_day * cur.days)')}, 2) AS index
FROM (
  SELECT
    ${b} AS b,
    toString(category) AS category,
    ${m.postings} AS postings,
    (least(${epochMs(bucketEnd(view.grain, 'b'))}, {to_ms:Int64}) - greatest(${epochMs('b')}, {from_ms:Int64})) / ${DAY_MS} AS days
  FROM ${rows.from}
  GROUP BY b, category
) AS cur
LEFT JOIN (
  SELECT toString(category) AS category, ${marketMeasures(base.rollup).postings} / dateDiff('day', ${base.firstDay}, {base_end:Date}) AS per_day
  FROM ${base.from}
  GROUP BY category
) AS base USING (category)
ORDER BY t, category`;
    return {
      sql,
      params: { ...rows.params, ...base.params, from_ms: fromMs, to_ms: view.toMs, base_end: chDate(BASELINE.toMs) },
      source: `${rows.source}, baseline ${base.source}`
    };
  }
};

/**
 * The baseline's postings with the view's filters: whole months from market_monthly and the
 * days of November 2022 from market_daily, or the raw postings when forced. `firstDay` is the
 * first day with postings, from which the baseline's length in days is counted.
 */
function baselineRows(view: View, forceRaw = false): RowSet & { firstDay: string } {
  if (forceRaw) return { ...tableRows(MARKET_RAW, view.filters, BASELINE.fromMs, BASELINE.toMs, 'base'), firstDay: 'min(toDate(ts))' };
  const columns = [...MARKET_COLUMNS, { as: 'first_day', daily: 'day', monthly: 'first_day' }];
  return { ...monthSplitRows(MARKET_DAILY, MARKET_MONTHLY, view.filters, [BASELINE], columns, 'base'), firstDay: 'min(first_day)' };
}

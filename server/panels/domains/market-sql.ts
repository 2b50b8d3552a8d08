import type { Dimension, Grain } from '../../../src/lib/contract/filters';
import type { View } from '../definition';
import { pickRows, type RowSet } from '../month-split';
import type { Source } from '../source';

/**
 * What the market panels share: the tables they read, cheapest first, and measures that read
 * the same on the rollups and on the raw postings.
 */

export const MARKET_DIMENSIONS: Dimension[] = ['platform', 'category', 'region'];
/** Postings arrive a few hundred a day: finer grains than a day are noise. */
export const MARKET_GRAINS: Grain[] = ['day', 'week', 'month'];

export const MARKET_DAILY: Source = {
  table: 'market_daily',
  time: { col: 'day', type: 'Date' },
  dims: new Set<Dimension>(MARKET_DIMENSIONS),
  finest: 'day',
  rollup: true
};

/** The same columns by month (migration 0020): the whole months of long windows. */
export const MARKET_MONTHLY: Source = {
  table: 'market_monthly',
  time: { col: 'month', type: 'Date' },
  dims: new Set<Dimension>(MARKET_DIMENSIONS),
  finest: 'month',
  rollup: true
};

export const MARKET_RAW: Source = {
  table: 'market_postings',
  time: { col: 'ts', type: 'DateTime64' },
  dims: new Set<Dimension>(MARKET_DIMENSIONS),
  finest: 'minute',
  rollup: false
};

/** The columns market_daily and market_monthly share. */
export const MARKET_COLUMNS = ['category', 'platform', 'region', 'postings', 'ai_postings', 'bids'];

const MARKET_SOURCES: readonly Source[] = [MARKET_DAILY, MARKET_RAW];

/** The rows a market panel reads (see pickRows): daily and monthly rollups, else the raw postings. */
export function marketRows(view: View, axis: 'time' | 'window', forceRaw = false): RowSet {
  return pickRows({ sources: MARKET_SOURCES, daily: MARKET_DAILY, monthly: MARKET_MONTHLY, columns: MARKET_COLUMNS }, view, axis, forceRaw);
}

/** Counting fragments that read the same on the rollups and on the raw postings (a row each). */
export function marketMeasures(rollup: boolean) {
  return {
    postings: rollup ? 'sum(postings)' : 'count()',
    postingsIf: (c: string) => (rollup ? `sumIf(postings, ${c})` : `countIf(${c})`),
    aiPostings: rollup ? 'sum(ai_postings)' : 'countIf(mentions_ai)',
    bids: 'sum(bids)'
  };
}

/** Budget bins a decade: a bin spans 10^(1/50), 4.7%. Migrations 0023 and 0025 use the same. */
export const BUDGET_BINS_PER_DECADE = 50;
/**
 * The bin of a budget on the raw table, as the budget rollups compute it: bin 0 from $1 (and
 * anything below), bin 249 from $91k (and anything above).
 */
const BUDGET_BIN_EXPR = `toUInt8(least(greatest(floor(log10(assumeNotNull(budget_usd)) * ${BUDGET_BINS_PER_DECADE}), 0), 249))`;

const BUDGET_DIMS = new Set<Dimension>(['category']);

/** The budget histogram by day (migration 0022); platform and region are not in it. */
const BUDGET_DAILY: Source = {
  table: 'market_budget_daily',
  time: { col: 'day', type: 'Date' },
  dims: BUDGET_DIMS,
  finest: 'day',
  rollup: true
};
/** The budget histogram by month (migration 0024). */
const BUDGET_MONTHLY: Source = {
  table: 'market_budget_monthly',
  time: { col: 'month', type: 'Date' },
  dims: BUDGET_DIMS,
  finest: 'month',
  rollup: true
};

/**
 * Budget rows: (time, category, hourly, bin, postings, budget_sum) from the budget rollups, or
 * the same computed from the raw postings that have a budget, so one SELECT serves both.
 */
export function budgetRows(view: View, forceRaw = false): RowSet {
  const tables = {
    sources: [BUDGET_DAILY, MARKET_RAW],
    daily: BUDGET_DAILY,
    monthly: BUDGET_MONTHLY,
    columns: ['category', 'hourly', 'bin', 'postings', 'budget_sum']
  };
  const rows = pickRows(tables, view, 'time', forceRaw);
  if (rows.rollup) return rows;
  return {
    ...rows,
    from: `(SELECT ts, category, hourly, ${BUDGET_BIN_EXPR} AS bin, 1 AS postings, assumeNotNull(budget_usd) AS budget_sum FROM ${rows.from} AND budget_usd IS NOT NULL)`,
    rollup: true
  };
}

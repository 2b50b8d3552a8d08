import type { PanelFilters } from '../../src/lib/contract/filters';
import { chooseSource } from './choose';
import type { View } from './definition';
import { chDate, dayWindows, rebind, wholeMonths, withPrevious, type DayRange } from './periods';
import { canServe, type Source } from './source';
import { buildWhere, dimensionFilters, usedDimensions, type Where } from './where';

const DAY_MS = 86_400_000;

/**
 * What a panel query reads FROM: one table with its WHERE, or a union of a monthly and a daily
 * rollup. Panels write their SELECT once against it; the measures depend only on `rollup`.
 */
export interface RowSet {
  /** What follows FROM: `table WHERE ...`, or a parenthesised union. */
  from: string;
  params: Record<string, unknown>;
  /** The rows' time column, for buckets and period tests. */
  time: string;
  /** Pre-aggregated rows (rollup measures) or one row per event (raw measures). */
  rollup: boolean;
  /** The table or tables read, for logs and the rollup-vs-raw benchmark. */
  source: string;
}

/** One table, its WHERE from the builder; `name` gives the bounds their own parameter names. */
export function tableRows(src: Source, filters: PanelFilters, fromMs: number, toMs: number, name?: string): RowSet {
  const built = buildWhere(src, filters, fromMs, toMs);
  const where = name ? rebind(built, name) : built;
  return { from: `${src.table} ${where.sql}`, params: where.params, time: src.time.col, rollup: src.rollup, source: src.table };
}

/** A column both rollups have under one name, or one that each spells its own way. */
type SplitColumn = string | { as: string; daily: string; monthly: string };

/**
 * Rows over adjacent ranges of whole UTC days: every calendar month that lies whole inside a
 * range from the monthly rollup, every other day from the daily one. A six-year window reads
 * ~70 rows a key instead of ~2,200 and stays exact to the day. The two tables have the same
 * columns; the time column is `day` in the result (a monthly row is dated the 1st). Every
 * parameter starts with `name`, so two of these can share a query.
 */
export function monthSplitRows(
  daily: Source,
  monthly: Source,
  filters: PanelFilters,
  ranges: readonly DayRange[],
  columns: readonly SplitColumn[],
  name: string
): RowSet {
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  if (!first || !last) throw new Error('monthSplitRows needs at least one range');
  const { months, days } = splitRanges(ranges);
  const params: Record<string, unknown> = {};
  // Each piece as a bounded range of its own: positive ranges let ClickHouse skip partitions
  // and granules, where "the window but not these months" would read the whole window.
  const inRanges = (tag: string, list: DayRange[], col: string) =>
    '(' +
    list
      .map((r, i) => {
        const p = `${name}_${tag}${i}`;
        params[`${p}_from`] = chDate(r.fromMs);
        params[`${p}_to`] = chDate(r.toMs);
        return `(${col} >= {${p}_from:Date} AND ${col} < {${p}_to:Date})`;
      })
      .join(' OR ') +
    ')';
  // The pieces bound each branch's time and the dimension filters follow, the same in both
  // branches. A range around the pieces as well would change no row, and the engine analyses
  // every condition it is given (1-2 ms a panel measured, the bulk of these answers being
  // planning). Only empty ranges, with no piece, read through the builder's range (which then
  // holds no day: a Date column compares its last day inclusively).
  const where = (s: Source, pieces: string) => {
    const dims = dimensionFilters(s, filters);
    return { sql: `WHERE ${[pieces, ...dims.parts].join(' AND ')}`, params: dims.params };
  };
  const select = (s: Source, which: 'daily' | 'monthly') =>
    [
      s.time.col === 'day' ? 'day' : `${s.time.col} AS day`,
      ...columns.map((c) => (typeof c === 'string' ? c : `${c[which]} AS ${c.as}`))
    ].join(', ');
  const parts: string[] = [];
  let used: Where | undefined;
  const read: string[] = [];
  if (months.length > 0) {
    used = where(monthly, inRanges('m', months, monthly.time.col));
    parts.push(`SELECT ${select(monthly, 'monthly')} FROM ${monthly.table} ${used.sql}`);
    read.push(monthly.table);
  }
  if (days.length > 0 || parts.length === 0) {
    used =
      days.length > 0
        ? where(daily, inRanges('d', days, daily.time.col))
        : rebind(buildWhere(daily, filters, first.fromMs, last.toMs - DAY_MS), name);
    parts.push(`SELECT ${select(daily, 'daily')} FROM ${daily.table} ${used.sql}`);
    read.push(daily.table);
  }
  return {
    from: `(${parts.join('\n  UNION ALL\n  ')})`,
    params: { ...used?.params, ...params },
    time: 'day',
    rollup: true,
    source: read.join('+')
  };
}

/**
 * Each range's whole months, and the days left over at its ends; adjacent day pieces (the end
 * of one window and the start of the next) are joined.
 */
export function splitRanges(ranges: readonly DayRange[]): { months: DayRange[]; days: DayRange[] } {
  const months: DayRange[] = [];
  const days: DayRange[] = [];
  const addDays = (r: DayRange) => {
    if (r.fromMs >= r.toMs) return;
    const prev = days[days.length - 1];
    if (prev && prev.toMs === r.fromMs) prev.toMs = r.toMs;
    else days.push({ ...r });
  };
  for (const r of ranges) {
    const m = wholeMonths(r);
    if (!m) {
      addDays(r);
      continue;
    }
    addDays({ fromMs: r.fromMs, toMs: m.fromMs });
    months.push(m);
    addDays({ fromMs: m.toMs, toMs: r.toMs });
  }
  return { months, days };
}

/** A family of tables: sources cheapest first (raw last), and the daily/monthly pair among them. */
export interface Tables {
  sources: readonly Source[];
  daily: Source;
  monthly: Source;
  /** The columns the daily and monthly rollups share. */
  columns: readonly SplitColumn[];
}

/**
 * The rows a panel reads for its view: the cheapest source, and when that is the daily rollup,
 * whole months from the monthly one where they fit. A panel with a time axis (`'time'`) can use
 * them only at month grain, since weeks and days do not add up to months; a panel that sums its
 * window (`'window'`) at any grain the daily rollup serves.
 */
export function pickRows(t: Tables, view: View, axis: 'time' | 'window', forceRaw = false): RowSet {
  const src = chooseSource(t.sources, view, forceRaw);
  if (src === t.daily && (axis === 'window' || view.grain === 'month')) {
    const days = viewDays(view);
    if (wholeMonths(days)) return monthSplitRows(t.daily, t.monthly, view.filters, [days], t.columns, 'w');
  }
  return tableRows(src, view.filters, view.fromMs, view.toMs);
}

/** The days a daily rollup answers for a view: the day holding `from` to the day holding `to`. */
function viewDays(view: Pick<View, 'fromMs' | 'toMs'>): DayRange {
  return dayWindows(view).cur;
}

interface TwoPeriodRows extends RowSet {
  /** True for rows of the view's window, false for the window of equal length before it. */
  isCurrent: string;
}

/**
 * The view's window and the one before it in one read: from the rollups (whole months and
 * days) when the grain and filters allow, else from the raw table with exact bounds.
 */
export function twoPeriodRows(
  tables: { daily: Source; monthly: Source; raw: Source },
  view: View,
  columns: readonly SplitColumn[],
  forceRaw = false
): TwoPeriodRows {
  if (!forceRaw && canServe(tables.daily, view.grain, usedDimensions(view.filters), view.fromMs, view.now)) {
    const { prev, cur } = dayWindows(view);
    const rows = monthSplitRows(tables.daily, tables.monthly, view.filters, [prev, cur], columns, 'w');
    return { ...rows, params: { ...rows.params, cur_day: chDate(cur.fromMs) }, isCurrent: 'day >= {cur_day:Date}' };
  }
  const p = withPrevious(tables.raw, view);
  const raw = tables.raw;
  return {
    from: `${raw.table} ${p.where.sql}`,
    params: p.where.params,
    time: raw.time.col,
    rollup: false,
    source: raw.table,
    isCurrent: p.isCurrent
  };
}

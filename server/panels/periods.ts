import type { View } from './definition';
import type { Source } from './source';
import { chTime } from './time';
import { buildWhere, type Where } from './where';

/**
 * Time ranges beyond the view window, for panels that compare two periods or read a fixed
 * baseline. The where builder still writes every time condition; these helpers only give its
 * bounds other parameter names, so two ranges can live in one query, and add the "which period"
 * test next to it. Nothing here puts a value in SQL text.
 */

const DAY_MS = 86_400_000;

/**
 * buildWhere binds its bounds as {from:...} and {to:...}. A second range in the same query needs
 * its own names: `name_from`, `name_to`. Dimension parameters keep their names, since both
 * ranges filter on the same values.
 */
export function rebind(where: Where, name: string): Where {
  const sql = where.sql.replaceAll('{from:', `{${name}_from:`).replaceAll('{to:', `{${name}_to:`);
  const { from, to, ...rest } = where.params;
  return { sql, params: { ...rest, [`${name}_from`]: from, [`${name}_to`]: to } };
}

/** The window of equal length just before the view's: [from - (to - from), from). */
export function previousWindow(view: Pick<View, 'fromMs' | 'toMs'>): { fromMs: number; toMs: number } {
  return { fromMs: view.fromMs - (view.toMs - view.fromMs), toMs: view.fromMs };
}

interface TwoPeriods {
  /** The where over both windows together: the previous one and the view's. */
  where: Where;
  /** A boolean SQL expression, true for rows of the view's window and false for the previous. */
  isCurrent: string;
}

/**
 * One scan over the view window and the one before it; `isCurrent` tells them apart. On a
 * daily source the split falls at the start of the day that holds `from`, like every other
 * bound there.
 */
export function withPrevious(source: Source, view: View): TwoPeriods {
  const prev = previousWindow(view);
  const where = buildWhere(source, view.filters, prev.fromMs, view.toMs);
  const { col, type } = source.time;
  const isCurrent = type === 'Date' ? `${col} >= toDate({cur_from:DateTime64(3, 'UTC')})` : `${col} >= {cur_from:DateTime64(3, 'UTC')}`;
  return { where: { sql: where.sql, params: { ...where.params, cur_from: chTime(view.fromMs) } }, isCurrent };
}

/** Midnight UTC of the day that holds `ms`. */
export function startOfDay(ms: number): number {
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

/** The first of the month that holds `ms`, at midnight UTC. */
export function startOfMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The first first-of-a-month at or after `ms`. */
export function nextMonthStart(ms: number): number {
  const m = startOfMonth(ms);
  if (m === ms) return m;
  const d = new Date(m);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** A range of whole days [fromMs, toMs), both at midnight UTC. */
export interface DayRange {
  fromMs: number;
  toMs: number;
}

/**
 * The whole calendar months inside a range of days, or null when there is none. A long window
 * reads these from a monthly rollup and only its ragged ends from a daily one.
 */
export function wholeMonths(days: DayRange): DayRange | null {
  const fromMs = nextMonthStart(days.fromMs);
  const toMs = startOfMonth(days.toMs);
  return fromMs < toMs ? { fromMs, toMs } : null;
}

/** 'YYYY-MM-DD' of a UTC midnight, the text a bound Date parameter takes. */
export function chDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The view's window and the one before it as half-open ranges of whole UTC days, by the daily
 * rollups' rule: the day holding `from` starts the view's window, the day holding `to` ends it.
 */
export function dayWindows(view: Pick<View, 'fromMs' | 'toMs'>): { prev: DayRange; cur: DayRange } {
  const curFrom = startOfDay(view.fromMs);
  const cur = { fromMs: curFrom, toMs: startOfDay(view.toMs) + DAY_MS };
  const prev = { fromMs: startOfDay(previousWindow(view).fromMs), toMs: curFrom };
  return { prev, cur };
}

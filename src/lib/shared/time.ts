import { parseInstant } from '../contract/instant';
import { GRAINS, TIME_EXPR, type Grain, type PanelFilters } from '../contract/filters';

/**
 * Time bounds in the browser: the same grammar the server resolves (now, now-<n><unit>, ISO),
 * resolved the same way, so "pin to absolute time" and the previous period name exactly the
 * window the server shows.
 */

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = 'm' | 'h' | 'd' | 'w' | 'mo' | 'y';
const REL = /^now-(\d+)(m|h|d|w|mo|y)$/;

export interface Relative {
  n: number;
  unit: Unit;
}

/** now → {n: 0}; now-7d → {n: 7, unit: d}; anything else → null. */
export function relative(expr: string): Relative | null {
  if (expr === 'now') return { n: 0, unit: 'd' };
  const m = REL.exec(expr);
  return m ? { n: Number(m[1]), unit: m[2] as Unit } : null;
}

function back(now: number, n: number, unit: Unit): number {
  if (unit === 'mo' || unit === 'y') {
    // Calendar months, as the server does: now-1y on 29 Feb is 1 Mar, not 365 days back.
    const d = new Date(now);
    d.setUTCMonth(d.getUTCMonth() - (unit === 'y' ? 12 * n : n));
    return d.getTime();
  }
  return now - n * UNIT_MS[unit];
}

export function resolveTime(expr: string, now: number): number {
  const r = relative(expr);
  if (r) return back(now, r.n, r.unit);
  // The server's strict reading: a date that does not exist is NaN, not rolled over.
  const t = parseInstant(expr);
  return t.ok ? t.ms : NaN;
}

/** 2026-11-27T21:24:42Z: second precision, what a citation needs and the schema accepts. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function isValidTime(expr: string): boolean {
  return TIME_EXPR.test(expr) && Number.isFinite(resolveTime(expr, Date.now()));
}

/** Whether the window ends at now: a live view that a link should pin before citing it. */
export function isLive(f: PanelFilters, defaults: { from: string; to: string }): boolean {
  return relative(f.to ?? defaults.to) !== null || relative(f.from ?? defaults.from) !== null;
}

/** The filters with from and to as absolute instants at `now` (defaults filled in first). */
export function pinned(f: PanelFilters, defaults: { from: string; to: string }, now: number): PanelFilters {
  return { ...f, from: isoSeconds(resolveTime(f.from ?? defaults.from, now)), to: isoSeconds(resolveTime(f.to ?? defaults.to, now)) };
}

/**
 * The window of the same length just before this one, and how far to move its rows forward to
 * lay them over this one. A relative window stays relative (now-14d..now-7d for now-7d..now) so
 * the comparison keeps moving with the live view; calendar units move rows by calendar months.
 */
interface Previous {
  from: string;
  to: string;
  /** Moves a previous-period time (epoch ms) onto this period's axis. */
  shift: (t: number) => number;
}

export function previousPeriod(f: PanelFilters, defaults: { from: string; to: string }, now: number): Previous | null {
  const fromExpr = f.from ?? defaults.from;
  const toExpr = f.to ?? defaults.to;
  const rf = relative(fromExpr);
  const rt = relative(toExpr);
  if (rf && rt && rf.n > 0 && (rt.n === 0 || rt.unit === rf.unit)) {
    const span = rf.n - rt.n;
    if (span <= 0) return null;
    const unit = rf.unit;
    const toN = rf.n;
    const fromN = rf.n + span;
    const shift =
      unit === 'mo' || unit === 'y'
        ? (t: number) => {
            const d = new Date(t);
            d.setUTCMonth(d.getUTCMonth() + (unit === 'y' ? 12 * span : span));
            return d.getTime();
          }
        : (t: number) => t + span * UNIT_MS[unit];
    return { from: `now-${fromN}${unit}`, to: `now-${toN}${unit}`, shift };
  }
  const a = resolveTime(fromExpr, now);
  const b = resolveTime(toExpr, now);
  if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) return null;
  const d = b - a;
  return { from: isoSeconds(a - d), to: isoSeconds(a), shift: (t: number) => t + d };
}

interface Preset {
  label: string;
  from: string | undefined;
  to: string | undefined;
}

/** Relative windows people ask for; "panel default" leaves the panel's own window. */
export const PRESETS: Preset[] = [
  { label: 'Panel default', from: undefined, to: undefined },
  { label: 'Last hour', from: 'now-1h', to: 'now' },
  { label: 'Last 24 hours', from: 'now-24h', to: 'now' },
  { label: 'Last 7 days', from: 'now-7d', to: 'now' },
  { label: 'Last 30 days', from: 'now-30d', to: 'now' },
  { label: 'Last 90 days', from: 'now-90d', to: 'now' },
  { label: 'Last year', from: 'now-1y', to: 'now' },
  { label: 'Since 2020', from: '2020-01-01', to: 'now' }
];

/**
 * The grain a chart gets when the viewer names none, on the server and in the explorer: about
 * 50-400 points whatever the window, so a year is weekly and an hour is per minute.
 */
export function autoGrain(fromMs: number, toMs: number): Grain {
  const span = toMs - fromMs;
  if (span <= 6 * 3_600_000) return 'minute';
  if (span <= 10 * 86_400_000) return 'hour';
  if (span <= 180 * 86_400_000) return 'day';
  if (span <= 4 * 365 * 86_400_000) return 'week';
  return 'month';
}

/**
 * The grain the server answers a view in (server/panels/view.ts resolveView): the one asked for;
 * else, for the panel's default window only, the panel's default grain; else one that suits the
 * window's length, coarsened to one the panel takes. Tables label times by it, so a day-grain
 * row reads as a day, not as its month.
 */
export function viewGrain(
  f: PanelFilters,
  info: { defaults: { from: string; to: string; grain?: Grain }; grains: readonly Grain[] },
  now: number
): Grain {
  if (f.grain) return f.grain;
  const ownWindow = f.from !== undefined || f.to !== undefined;
  if (!ownWindow && info.defaults.grain) return info.defaults.grain;
  const g = autoGrain(resolveTime(f.from ?? info.defaults.from, now), resolveTime(f.to ?? info.defaults.to, now));
  return GRAINS.slice(GRAINS.indexOf(g)).find((x) => info.grains.includes(x)) ?? info.grains[info.grains.length - 1] ?? g;
}

const GRAIN_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** Where the bucket that starts at `start` ends (months by the calendar, UTC). */
export function bucketEnd(start: number, grain: Grain): number {
  if (grain !== 'month') return start + GRAIN_MS[grain];
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * The rows whose whole bucket lies in [fromMs, toMs]. A window that starts or ends inside a
 * bucket cuts it, and an index over a cut bucket compares a few days' postings with a whole
 * week's baseline: a compare overlay keeps whole buckets only.
 */
export function wholeBuckets<R extends Record<string, unknown>>(
  rows: readonly R[],
  timeCol: string,
  fromMs: number,
  toMs: number,
  grain: Grain
): R[] {
  return rows.filter((r) => {
    const t = r[timeCol];
    return typeof t !== 'number' || (t >= fromMs && bucketEnd(t, grain) <= toMs);
  });
}

import { parseInstant } from '../../src/lib/contract/instant';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * The instants a time bound may name: ClickHouse's DateTime64 range. A bound outside (now-99999y,
 * 9999-12-31, 0000-01-01) matches the filter pattern but would fail inside the engine.
 */
const TIME_MIN_MS = Date.UTC(1900, 0, 1);
const TIME_MAX_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);

/** A bound that names no instant, or one outside TIME_MIN_MS..TIME_MAX_MS. */
export class TimeBoundError extends Error {
  override name = 'TimeBoundError';
}

/** Resolves a time bound of the filter schema (now, now-30d, ISO date) to epoch ms. */
export function resolveTime(expr: string, now: number): number {
  const ms = resolveUnchecked(expr, now);
  if (!Number.isFinite(ms)) throw new TimeBoundError(`${expr} is not a valid date`);
  if (ms < TIME_MIN_MS || ms > TIME_MAX_MS)
    throw new TimeBoundError(`${expr} is outside 1900-01-01..2299-12-31, the range the database can hold`);
  return ms;
}

function resolveUnchecked(expr: string, now: number): number {
  if (expr === 'now') return now;
  const rel = /^now-(\d+)(m|h|d|w|mo|y)$/.exec(expr);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2] as 'm' | 'h' | 'd' | 'w' | 'mo' | 'y';
    if (unit === 'mo' || unit === 'y') {
      // Calendar months and years, so now-1y on 29 Feb lands on 1 Mar rather than drifting by days.
      const d = new Date(now);
      d.setUTCMonth(d.getUTCMonth() - (unit === 'y' ? 12 * n : n));
      return d.getTime();
    }
    return now - n * UNIT_MS[unit];
  }
  // Strict: 2024-02-30 or hour 24 names no instant and is refused, never rolled over.
  const r = parseInstant(expr);
  if (!r.ok) throw new TimeBoundError(`${expr} ${r.why}`);
  return r.ms;
}

// The grain a chart gets when the viewer names none; the explorer shows the same grain before
// the answer comes, so both sides use one definition.
export { autoGrain } from '../../src/lib/shared/time';

/** ClickHouse DateTime64(3) text for a bound parameter: 'YYYY-MM-DD hh:mm:ss.sss' in UTC. */
export function chTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

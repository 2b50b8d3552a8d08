// One strict reading of ISO 8601 dates and date-times for ingest and reads alike, so a string
// refused on the way in is refused on the way out too, and no impossible moment is rolled over
// (JavaScript's Date reads 2024-02-30 as 1 March and hour 24 as the next day).

/** Date, optional time (minutes required, seconds and up to 9 fraction digits optional) and offset. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

export type InstantResult = { ok: true; ms: number } | { ok: false; why: string };

/** Whether year, month and day name a day of the proleptic Gregorian calendar. */
export function dayExists(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * An ISO 8601 date or date-time as epoch ms. A date-time without an offset is UTC. Refused: a
 * day that does not exist, hour 24, minute or second 60, offsets beyond ±23:59, and digits below a
 * millisecond that are not zero (stored times keep milliseconds; cutting them would store another
 * instant than the one sent).
 */
export function parseInstant(v: string): InstantResult {
  const m = ISO.exec(v);
  if (!m) return { ok: false, why: 'is not an ISO 8601 date or date-time (YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm])' };
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (!dayExists(y, mo, d)) return { ok: false, why: 'is not a date that exists' };
  if (h > 23 || mi > 59 || s > 59) return { ok: false, why: 'is not a time of day that exists (hours 00-23, minutes and seconds 00-59)' };
  const oh = Number(m[10] ?? 0);
  const om = Number(m[11] ?? 0);
  if (oh > 23 || om > 59) return { ok: false, why: 'has an offset that does not exist (at most ±23:59)' };
  const fraction = m[7] ?? '';
  if (/[1-9]/.test(fraction.slice(3))) return { ok: false, why: 'has digits below a millisecond; times are kept to the millisecond' };
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const sign = m[9] === '-' ? -1 : 1;
  const offsetMs = m[9] === undefined ? 0 : sign * (oh * 60 + om) * 60_000;
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear does not.
  const t = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  t.setUTCFullYear(y);
  return { ok: true, ms: t.getTime() - offsetMs };
}

// Calendar days as the forecast carries them. A day is an ISO date string ('2026-11-30', UTC)
// from the moment it enters the server until it is used: SQL bounds, cache keys and cutoffs are
// days. Decimal years are for the model's arithmetic and for display only, and are made from a day
// here, never turned back into one: float arithmetic on a decimal year lands a millisecond either
// side of midnight on about half of all days, and a date taken from it moves by a day.
// Only plain JavaScript here: this file is bundled into the client.

export type IsoDay = string;

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC day an instant falls on. */
export function dayOfMs(ms: number): IsoDay {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** Midnight UTC at the start of a day, in epoch milliseconds. */
export function dayStartMs(day: IsoDay): number {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`not an ISO day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** The day `n` days after (or before, for negative n) `day`. */
export function addDays(day: IsoDay, n: number): IsoDay {
  return dayOfMs(dayStartMs(day) + n * DAY_MS);
}

/** True when the string names a day that exists ('2024-02-30' does not). */
export function isIsoDay(s: string): boolean {
  if (!ISO_DAY.test(s)) return false;
  return dayOfMs(dayStartMs(s)) === s;
}

/** Fraction of the UTC calendar year elapsed at an instant: 2024-07-02T00:00Z -> 2024.5. */
export function toDecimalYear(date: Date): number {
  const year = date.getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return year + (date.getTime() - start) / (end - start);
}

/** A day's start as a decimal year, for the model's arithmetic. */
export function dayToDecimalYear(day: IsoDay): number {
  return toDecimalYear(new Date(dayStartMs(day)));
}

/**
 * An instant from a decimal year, for chart axes and labels such as "Mar 2028". Not a source of
 * dates: use decimalYearToDay for that.
 */
export function fromDecimalYear(decimalYear: number): Date {
  const year = Math.floor(decimalYear);
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return new Date(start + (decimalYear - year) * (end - start));
}

/**
 * The day a decimal year given by a person falls on (as_of=2024.5). The instant is rounded to
 * the nearest second first, so a decimal year that a day was turned into (2024.5027...) comes
 * back as that day and not, through float error, as the one before.
 */
export function decimalYearToDay(decimalYear: number): IsoDay {
  const year = Math.floor(decimalYear);
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const ms = Math.round((start + (decimalYear - year) * (end - start)) / 1000) * 1000;
  return dayOfMs(ms);
}

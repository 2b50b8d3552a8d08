import { formatBound } from '../../../src/lib/contract/bounds';
import { parseInstant } from '../../../src/lib/contract/instant';

/**
 * Field checks shared by the four row validators. Each returns the value as it will be written,
 * or throws a RowError naming the field. They are plain functions, not a schema library: ingest
 * runs them on every field of every row, at hundreds of thousands of rows a second.
 */

export class RowError extends Error {
  override name = 'RowError';
  constructor(
    readonly field: string,
    message: string
  ) {
    super(message);
  }
}

// 1990..2100: anything outside is a unit mistake (seconds for milliseconds) or a typo.
const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);
/** ISO 8601 string or whole epoch milliseconds → epoch milliseconds. */
export function time(field: string, v: unknown): number {
  let ms: number;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RowError(field, `${field} must be an ISO 8601 time or epoch milliseconds`);
    // A fraction of a millisecond would be cut off: the value stored would not be the one sent.
    if (!Number.isInteger(v)) throw new RowError(field, `${field} must be whole epoch milliseconds, not ${v}`);
    ms = v;
  } else if (typeof v === 'string') {
    // A date-time without an offset is taken as UTC, not the server's local zone.
    const r = parseInstant(v);
    if (!r.ok) throw new RowError(field, `${field} ${r.why}: ${JSON.stringify(v)}`);
    ms = r.ms;
  } else {
    throw new RowError(field, `${field} must be an ISO 8601 time or epoch milliseconds`);
  }
  if (ms < MIN_MS || ms >= MAX_MS) {
    throw new RowError(field, `${field} is outside 1990..2100 (epoch seconds sent as milliseconds?)`);
  }
  return ms;
}

export function optionalTime(field: string, v: unknown): number | null {
  return v === undefined || v === null ? null : time(field, v);
}

/** A calendar date (ISO date, date-time or epoch ms) → 'YYYY-MM-DD'. */
export function date(field: string, v: unknown): string {
  return new Date(time(field, v)).toISOString().slice(0, 10);
}

export function text(field: string, v: unknown, max: number): string {
  if (typeof v !== 'string') throw new RowError(field, `${field} must be a string`);
  if (v.length === 0) throw new RowError(field, `${field} must not be empty`);
  if (v.length > max) throw new RowError(field, `${field} must be at most ${max} characters`);
  return v;
}

/** Lower-case label: language codes, content types, sources, platforms. */
const LABEL = /^[a-z0-9][a-z0-9_.\-/]{0,63}$/;
export function label(field: string, v: unknown): string {
  if (typeof v !== 'string' || !LABEL.test(v)) {
    throw new RowError(field, `${field} must be a lower-case label of 1-64 characters [a-z0-9_.-/]`);
  }
  return v;
}

export function optionalLabel(field: string, v: unknown, fallback: string): string {
  return v === undefined || v === null ? fallback : label(field, v);
}

export function oneOf<T extends string>(field: string, v: unknown, allowed: ReadonlySet<T>): T {
  if (typeof v !== 'string' || !allowed.has(v as T)) {
    throw new RowError(field, `${field} must be one of ${[...allowed].join(', ')}`);
  }
  return v as T;
}

export function uint(field: string, v: unknown, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new RowError(field, `${field} must be an integer from 0 to ${max}`);
  }
  return v;
}

export function optionalUint(field: string, v: unknown, max: number, fallback: number): number {
  return v === undefined || v === null ? fallback : uint(field, v, max);
}

export function unitInterval(field: string, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RowError(field, `${field} must be a number from 0 to 1, or null`);
  return v;
}

/** A positive number up to `max`, what the quantity can physically be (src/lib/contract/bounds.ts). */
export function positive(field: string, v: unknown, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) {
    throw new RowError(field, `${field} must be a positive number of at most ${formatBound(max)}`);
  }
  return v;
}

export function optionalPositive(field: string, v: unknown, max: number): number | null {
  return v === undefined || v === null ? null : positive(field, v, max);
}

export function optionalNonNegative(field: string, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RowError(field, `${field} must be a non-negative number, or null`);
  return v;
}

export function optionalBool(field: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new RowError(field, `${field} must be true or false`);
  return v;
}

const U64_MAX = 18446744073709551615n;
/**
 * UInt64 as a decimal string: JSON numbers above 2^53 lose digits in every JS parser, so
 * producers send large hashes as strings; small safe integers are accepted as numbers too.
 */
export function uint64(field: string, v: unknown): string {
  if (v === undefined || v === null) return '0';
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && /^\d{1,20}$/.test(v) && (v.length < 20 || BigInt(v) <= U64_MAX)) return v;
  throw new RowError(field, `${field} must be an unsigned 64-bit integer (a decimal string above 2^53)`);
}

/** Rejects fields outside the contract, so a typo is an error rather than silently lost data. */
export function onlyKnown(row: Record<string, unknown>, known: ReadonlySet<string>): void {
  for (const k in row) if (!known.has(k)) throw new RowError(k, `unknown field ${JSON.stringify(k)}`);
}

/**
 * Whether an integer field is written in the line the way ClickHouse's JSON reader takes it:
 * `"key":123` followed by a delimiter. JSON.parse reads `5.0` and `1e3` as integers too, but
 * ClickHouse refuses them for integer columns; such a row is rewritten rather than sent as is.
 */
export function plainInteger(line: string, key: string, v: number): boolean {
  let prefix = KEY_PREFIX.get(key);
  if (prefix === undefined) KEY_PREFIX.set(key, (prefix = `"${key}":`));
  let i = line.indexOf(prefix);
  if (i < 0) return false;
  i += prefix.length;
  // Runs on every integer of every row, so the digits are compared in place instead of
  // formatting the value to look for it. Past 15 digits a double may not hold the digits
  // exactly: those compare as text.
  const negative = line.charCodeAt(i) === 45;
  if (negative) i++;
  const start = i;
  let n = 0;
  let c = line.charCodeAt(i);
  while (c >= 48 && c <= 57 && i - start < 16) {
    n = n * 10 + (c - 48);
    c = line.charCodeAt(++i);
  }
  if (i - start > 15) return plainIntegerText(line, prefix, v);
  if (i === start || (negative ? -n : n) !== v || (negative && n === 0)) return false;
  return delimiter(c);
}

const KEY_PREFIX = new Map<string, string>();

function plainIntegerText(line: string, prefix: string, v: number): boolean {
  const needle = `${prefix}${v}`;
  const i = line.indexOf(needle);
  return i >= 0 && delimiter(line.charCodeAt(i + needle.length));
}

// , } space tab CR
function delimiter(c: number): boolean {
  return c === 44 || c === 125 || c === 32 || c === 9 || c === 13;
}

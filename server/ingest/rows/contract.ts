/**
 * Each stream's row contract (docs/INGEST.md) as data: every field a row may carry, what kind of
 * value it takes, whether it is required, and what is stored when it is left out. The row checks
 * take their set of known fields from here, so a field cannot be accepted without being described;
 * the hostile-input suite turns these descriptions into generated values, so a field added later
 * is fuzzed, and its stored value read back, without anyone listing it there.
 *
 * The checks themselves stay plain functions (rows/fields.ts), which run on every field of every
 * row at hundreds of thousands of rows a second; the unit spec beside this file holds the two to
 * the same meaning.
 */

/** What is stored when a field is left out or null. */
export type Fallback =
  /** The field is required: leaving it out (or null) is refused. */
  | { required: true }
  /** This value is stored. */
  | { required: false; value: string | number | boolean | null | Record<string, string> }
  /**
   * Taken from another field: crawl's domain and tld are the URL's site, its registrable domain
   * and public suffix (server/lib/site.ts, docs/INGEST.md).
   */
  | { required: false; derived: 'registrable domain of url' | 'public suffix of url' };

export type FieldKind =
  /** ISO 8601 date or date-time, or whole epoch ms, 1990..2100; stored to the millisecond in UTC. */
  | { kind: 'time' }
  /** As `time`, stored as its UTC calendar date. */
  | { kind: 'utc-date' }
  /** ISO 8601 date (of a date-time, the date as written) or whole epoch ms, 1900-01-01..2299-12-31. */
  | { kind: 'written-date' }
  /** A non-empty string of at most `max` UTF-16 units; `empty`: what an empty string means. */
  | { kind: 'text'; max: number; empty: 'refused' | 'not given' }
  /** An absolute URL (scheme://host/...) of at most `max` characters; the site is taken from it. */
  | { kind: 'url'; max: number }
  /** A host name such as example.org; stored lower case. */
  | { kind: 'host'; max: number }
  /** Lower case, 1-64 characters of a-z 0-9 _ . - /, starting with a letter or digit. */
  | { kind: 'label' }
  /** A series id: lower case a-z 0-9 _ . -, 1-128 characters, starting with a letter or digit. */
  | { kind: 'series-id' }
  | { kind: 'one-of'; values: readonly string[] }
  /** An integer from 0 to `max`. */
  | { kind: 'uint'; max: number }
  /** An unsigned 64-bit integer: a decimal string, or a safe integer; stored as its decimal digits. */
  | { kind: 'uint64' }
  /** A positive number of at most `max` (src/lib/contract/bounds.ts). */
  | { kind: 'positive'; max: number }
  /** A number from 0 to 1; `single`: stored in single precision (Float32), about 7 significant digits. */
  | { kind: 'unit-interval'; single: boolean }
  | { kind: 'non-negative' }
  | { kind: 'finite' }
  | { kind: 'bool' }
  /** An object of at most `max` label names (a-z0-9_, 1-64) to texts of at most `valueMax`. */
  | { kind: 'labels'; max: number; valueMax: number };

export type FieldContract = FieldKind & Fallback;

export type RowContract = Readonly<Record<string, FieldContract>>;

/** The field names of a contract, which are also the columns the check may write. */
export const fieldsOf = (c: RowContract): Set<string> => new Set(Object.keys(c));

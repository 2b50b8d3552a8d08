import { BatchError } from './batch-error';
import { duplicateKey, invalidUnicode, membersParsed, membersWritten } from './json-shape';
import { RowError, type RowSpec } from './rows';

/** What checking one stretch of a body found: its rows, rewrites by row index, latest time. */
export interface Scan {
  rows: number;
  /** Text of every line, so rewrites can be spliced in; only kept when there are rewrites. */
  lines: string[] | null;
  rewrites: [number, string][];
  maxTime: number | null;
  /** Lines consumed (blank ones included), for numbering the next stretch. */
  lineCount: number;
  /** The spec's columns that some row of the stretch writes, as bits by their index in spec.columns. */
  present: number;
}

const BLANK = /^[ \t]*$/;

/**
 * Checks the NDJSON lines of `text`, numbering them from `firstLine`. Throws BatchError at the
 * first bad line. Blank lines (a trailing newline, CRLF endings) are allowed and counted.
 *
 * Blank means empty or only spaces and tabs: what JSON and ClickHouse both skip. A line of
 * other white space (no-break space, U+2028, a byte order mark) is not blank to ClickHouse, so
 * it is not blank here either, and fails as malformed JSON.
 */
export function scanLines(spec: RowSpec, text: string, firstLine = 1): Scan {
  const lines: string[] = [];
  const rewrites: [number, string][] = [];
  let maxTime: number | null = null;
  const bits = columnBits(spec);
  let present = 0;
  let line = firstLine - 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    let raw = text.slice(start, end);
    start = end + 1;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    // Most lines start with '{'; only others are looked at to see whether they are blank.
    if (raw.charCodeAt(0) !== 123 && BLANK.test(raw)) continue;
    if (raw.charCodeAt(0) === 0xfeff) {
      throw new BatchError(`line ${line}: starts with a byte order mark (U+FEFF); send UTF-8 without one`, line, undefined);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new BatchError(`line ${line}: malformed JSON (${(e as Error).message})`, line, undefined);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BatchError(`line ${line}: each line must be a JSON object`, line, undefined);
    }
    if (membersWritten(raw) !== membersParsed(parsed)) {
      const key = duplicateKey(raw) ?? '';
      throw new BatchError(`line ${line}: field ${JSON.stringify(key)} is given more than once`, line, key);
    }
    // A lone surrogate can only arrive as a \u escape: raw bytes were checked as UTF-8 already.
    if (raw.includes('\\u')) {
      const at = invalidUnicode(parsed);
      if (at !== null) {
        throw new BatchError(`line ${line}: ${at} is not valid Unicode text (an unpaired surrogate escape such as \\ud800)`, line, at);
      }
    }
    try {
      const c = spec.check(parsed as Record<string, unknown>, raw);
      if (c.time !== null && (maxTime === null || c.time > maxTime)) maxTime = c.time;
      if (c.rewrite) {
        rewrites.push([lines.length, JSON.stringify(c.rewrite)]);
        for (const k in c.rewrite) present |= bits.get(k) ?? 0;
      } else {
        for (const k in parsed as object) present |= bits.get(k) ?? 0;
      }
    } catch (e) {
      if (e instanceof RowError) throw new BatchError(`line ${line}: ${e.message}`, line, e.field);
      throw e;
    }
    lines.push(raw);
  }
  return { rows: lines.length, lines: rewrites.length > 0 ? lines : null, rewrites, maxTime, lineCount: line - firstLine + 1, present };
}

const BITS = new WeakMap<RowSpec, Map<string, number>>();

/** Each column's bit in Scan.present. */
function columnBits(spec: RowSpec): Map<string, number> {
  let bits = BITS.get(spec);
  if (!bits) {
    if (spec.columns.length > 30) throw new Error('a row spec has more columns than Scan.present can mark');
    bits = new Map(spec.columns.map((c, i) => [c, 1 << i]));
    BITS.set(spec, bits);
  }
  return bits;
}

/**
 * The columns some row writes, in spec order: the insert names only these. A column named in
 * the insert but missing from a row costs ClickHouse a per-row default pass that a column left
 * out of the insert does not, and the value stored is the same DEFAULT either way.
 */
export function presentColumns(spec: RowSpec, present: number): string[] {
  return spec.columns.filter((_, i) => (present & (1 << i)) !== 0);
}

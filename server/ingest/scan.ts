import { BatchError } from './batch-error';
import { duplicateKey, invalidUnicode, membersParsed, membersWritten } from './json-shape';
import { RowError, type RowSpec } from './rows';

/**
 * What checking one stretch of a body found: its rows, the edits its lines need, latest time.
 * Edits are by line (0 for the stretch's first, blank lines counted), in order; each text is
 * a whole line to write instead (a JSON object), members to add at the end of the line's object
 * (starting with a comma), or empty: the line and its newline left out. Two plain arrays, not an object per edit: a batch of
 * crawl rows from sites the column DEFAULTs get wrong has an edit on every line.
 */
export interface Scan {
  rows: number;
  /** Rows rewritten or extended (empty lines taken out are edits, not rows). */
  rewritten: number;
  editAt: number[];
  editText: string[];
  maxTime: number | null;
  /** Lines consumed (blank ones included), for numbering the next stretch. */
  lineCount: number;
  /** The spec's columns that some row of the stretch writes, as bits by their index in spec.columns. */
  present: number;
  /** The fields the stretch's first row writes, in the order it writes them (null: no rows). */
  firstKeys: string[] | null;
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
  let rows = 0;
  let emptyLines = 0;
  let firstKeys: string[] | null = null;
  const editAt: number[] = [];
  const editText: string[] = [];
  let maxTime: number | null = null;
  const bits = columnBits(spec);
  let present = 0;
  let line = firstLine - 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    if (end === start && end < text.length) {
      // An empty line: ClickHouse's raw insert reads the data after one as a new statement,
      // so it is taken out of what is written (its number still counts).
      editAt.push(line - firstLine);
      editText.push('');
      emptyLines++;
      start = end + 1;
      continue;
    }
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
      if (firstKeys === null) firstKeys = [...Object.keys(c.rewrite ?? (parsed as object)), ...(c.append?.columns ?? [])];
      if (c.rewrite) {
        editAt.push(line - firstLine);
        editText.push(JSON.stringify(c.rewrite));
        for (const k in c.rewrite) present |= bits.get(k) ?? 0;
      } else {
        for (const k in parsed as object) present |= bits.get(k) ?? 0;
        if (c.append) {
          editAt.push(line - firstLine);
          editText.push(c.append.members);
          for (const k of c.append.columns) present |= bits.get(k) ?? 0;
        }
      }
    } catch (e) {
      if (e instanceof RowError) throw new BatchError(`line ${line}: ${e.message}`, line, e.field);
      throw e;
    }
    rows++;
  }
  return { rows, rewritten: editAt.length - emptyLines, editAt, editText, maxTime, lineCount: line - firstLine + 1, present, firstKeys };
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
 * The columns some row writes: the insert names only these. A column named in the insert but
 * missing from a row costs ClickHouse a per-row default pass that a column left out of the
 * insert does not, and the value stored is the same DEFAULT either way. In the order the first
 * row writes its fields, the rest in spec order after them: ClickHouse's JSONEachRow reader
 * expects each row's next field to be the next column named and looks a field up by name only
 * when it is not, which cost it about a quarter more CPU on a batch whose rows ran in another
 * order than the spec's.
 */
export function presentColumns(spec: RowSpec, present: number, firstKeys: readonly string[] | null = null): string[] {
  const bits = columnBits(spec);
  const out: string[] = [];
  let named = 0;
  for (const k of firstKeys ?? []) {
    const bit = bits.get(k) ?? 0;
    if ((present & bit) !== 0 && (named & bit) === 0) {
      out.push(k);
      named |= bit;
    }
  }
  spec.columns.forEach((c, i) => {
    if ((present & (1 << i)) !== 0 && (named & (1 << i)) === 0) out.push(c);
  });
  return out;
}

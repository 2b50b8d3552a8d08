import { isUtf8 } from 'node:buffer';
import { BatchError } from './batch-error';
import { applyEdits } from './edits';
import type { RowSpec } from './rows';
import { presentColumns, scanLines, type Scan } from './scan';

export { BatchError } from './batch-error';

/** A request body turned into rows ready for ClickHouse, or nothing at all. */
export interface Batch {
  rows: number;
  /** JSONEachRow: the lines as sent where they can be, normalised objects where not. */
  body: Buffer;
  /** Latest event time in the batch (epoch ms), null when no row has one. */
  maxTime: number | null;
  /** Rows that had to be rewritten (0 for well-formed producers). */
  rewritten: number;
  /** The columns the rows write (the others take their DEFAULT): the insert's column list. */
  columns: readonly string[];
}

/**
 * Checks every line before anything is written: a request is all or nothing, so one bad line
 * anywhere rejects the whole body. When no row needs rewriting the body goes to ClickHouse
 * untouched, without a copy.
 */
export function buildBatch(spec: RowSpec, body: Buffer | string): Batch {
  if (typeof body !== 'string') checkUtf8(body);
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return assemble(spec, bytes, [partOf(bytes, scanLines(spec, text))]);
}

/**
 * Refuses a body that is not valid UTF-8. Decoding would turn each bad byte into U+FFFD and
 * check that, while ClickHouse stores the bytes as sent: two meanings for one body.
 */
export function checkUtf8(body: Buffer): void {
  if (isUtf8(body)) return;
  // A newline byte is never part of a multi-byte sequence, so lines can be checked one by one.
  let start = 0;
  for (let line = 1; start <= body.length; line++) {
    let end = body.indexOf(10, start);
    if (end === -1) end = body.length;
    if (!isUtf8(body.subarray(start, end))) {
      throw new BatchError(`line ${line}: not valid UTF-8 (send text as UTF-8)`, line, undefined);
    }
    start = end + 1;
  }
}

/** The newline bytes in `bytes`: how many lines a stretch of whole lines holds. */
export function countLines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** One stretch of a body (consecutive whole lines) and what checking it found. */
export interface Part {
  /** The stretch's bytes as sent. */
  bytes: Buffer;
  /** What checking found; `edits` counts the lines it edits (the edits themselves may be applied already). */
  scan: Omit<Scan, 'editAt' | 'editText'> & { edits: number };
  /** The stretch with its edits applied (applyEdits), where it was checked. */
  edited: Buffer;
}

/** A stretch checked on this thread, as a Part. */
export function partOf(bytes: Buffer, scan: Scan): Part {
  return { bytes, scan: { ...scan, edits: scan.editAt.length }, edited: applyEdits(bytes, scan) };
}

/** A body without a single row (empty, or blank lines only). */
export function noRows(): BatchError {
  return new BatchError('the body has no rows: send one JSON object per line', undefined, undefined);
}

/** Joins the scans of consecutive stretches of one body into the batch to write. */
export function assemble(spec: RowSpec, body: Buffer, parts: Part[]): Batch {
  let rows = 0;
  let present = 0;
  let rewritten = 0;
  let edits = 0;
  let maxTime: number | null = null;
  for (const { scan: s } of parts) {
    rows += s.rows;
    rewritten += s.rewritten;
    edits += s.edits;
    present |= s.present;
    if (s.maxTime !== null && (maxTime === null || s.maxTime > maxTime)) maxTime = s.maxTime;
  }
  if (rows === 0) throw noRows();
  const columns = presentColumns(spec, present, parts.find((p) => p.scan.firstKeys !== null)?.scan.firstKeys ?? null);
  // Without edits the body goes to ClickHouse untouched, without a copy.
  if (edits === 0) return { rows, body, maxTime, rewritten, columns };
  const edited = parts.map((p) => p.edited);
  return { rows, body: edited.length === 1 ? (edited[0] as Buffer) : Buffer.concat(edited), maxTime, rewritten, columns };
}

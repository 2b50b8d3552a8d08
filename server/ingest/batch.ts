import { isUtf8 } from 'node:buffer';
import { BatchError } from './batch-error';
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
  return assemble(spec, body, [{ text, scan: scanLines(spec, text) }]);
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

/** One stretch of a body (consecutive whole lines) and what checking it found. */
export interface Part {
  /** The stretch as text, or as its bytes when it was checked elsewhere (decoded only if needed). */
  text: string | Buffer;
  scan: Scan;
}

/** Joins the scans of consecutive stretches of one body into the batch to write. */
export function assemble(spec: RowSpec, body: Buffer | string, parts: Part[]): Batch {
  const scans = parts.map((p) => p.scan);
  let rows = 0;
  let present = 0;
  let rewritten = 0;
  let maxTime: number | null = null;
  for (const s of scans) {
    rows += s.rows;
    rewritten += s.rewrites.length;
    present |= s.present;
    if (s.maxTime !== null && (maxTime === null || s.maxTime > maxTime)) maxTime = s.maxTime;
  }
  if (rows === 0) throw new BatchError('the body has no rows: send one JSON object per line', undefined, undefined);
  const columns = presentColumns(spec, present);
  if (rewritten === 0) {
    // ClickHouse's JSONEachRow reader skips the blank lines and CR characters between rows.
    return { rows, body: typeof body === 'string' ? Buffer.from(body) : body, maxTime, rewritten, columns };
  }
  const out: string[] = [];
  for (const { text, scan } of parts) {
    // A stretch without rewrites did not keep its lines; its text is passed through whole.
    if (!scan.lines) {
      const t = typeof text === 'string' ? text : text.toString('utf8');
      out.push(t.endsWith('\n') ? t.slice(0, -1) : t);
      continue;
    }
    const byIndex = new Map(scan.rewrites);
    scan.lines.forEach((l, i) => out.push(byIndex.get(i) ?? l));
  }
  return { rows, body: Buffer.from(out.join('\n') + '\n'), maxTime, rewritten, columns };
}

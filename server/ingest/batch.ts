import { RowError, type RowSpec } from './rows';

/** A request body turned into rows ready for ClickHouse, or nothing at all. */
export interface Batch {
  rows: number;
  /** JSONEachRow: the lines as sent where they can be, normalised objects where not. */
  body: Buffer;
  /** Latest event time in the batch (epoch ms), null when no row has one. */
  maxTime: number | null;
  /** Rows that had to be rewritten (for metrics; 0 for well-formed producers). */
  rewritten: number;
}

/** Where a body went wrong: the 1-based line number and, when known, the field. */
export class BatchError extends Error {
  override name = 'BatchError';
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly field: string | undefined
  ) {
    super(message);
  }
}

/**
 * Checks every line before anything is written: a request is all or nothing, so one bad line
 * anywhere rejects the whole body. Blank lines (a trailing newline, CRLF endings) are allowed.
 * When no row needs rewriting the body goes to ClickHouse untouched, without a copy.
 */
export function buildBatch(spec: RowSpec, body: Buffer | string): Batch {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  // Rewritten rows, by index into `lines`; the rest are sent as they came.
  const lines: string[] = [];
  const rewrites = new Map<number, string>();
  let maxTime: number | null = null;
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    let raw = text.slice(start, end);
    start = end + 1;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new BatchError(`line ${line}: malformed JSON (${(e as Error).message})`, line, undefined);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BatchError(`line ${line}: each line must be a JSON object`, line, undefined);
    }
    try {
      const c = spec.check(parsed as Record<string, unknown>, raw);
      if (c.time !== null && (maxTime === null || c.time > maxTime)) maxTime = c.time;
      if (c.rewrite) rewrites.set(lines.length, JSON.stringify(c.rewrite));
    } catch (e) {
      if (e instanceof RowError) throw new BatchError(`line ${line}: ${e.message}`, line, e.field);
      throw e;
    }
    lines.push(raw);
  }
  if (lines.length === 0) throw new BatchError('the body has no rows: send one JSON object per line', undefined, undefined);
  let out: Buffer;
  if (rewrites.size === 0) {
    // ClickHouse's JSONEachRow reader skips the blank lines and CR characters between rows.
    out = typeof body === 'string' ? Buffer.from(body) : body;
  } else {
    out = Buffer.from(lines.map((l, i) => rewrites.get(i) ?? l).join('\n') + '\n');
  }
  return { rows: lines.length, body: out, maxTime, rewritten: rewrites.size };
}

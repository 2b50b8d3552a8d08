import { RowError, type RowSpec } from './rows';

/** A request body turned into rows ready for ClickHouse, or nothing at all. */
export interface Batch {
  rows: number;
  /** JSONCompactEachRow: one JSON array per row, in spec.columns order. */
  body: Buffer;
  /** Latest event time in the batch (epoch ms), null when no row has one. */
  maxTime: number | null;
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
 */
export function buildBatch(spec: RowSpec, body: Buffer | string): Batch {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const out: string[] = [];
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
    let values: unknown[];
    try {
      values = spec.check(parsed as Record<string, unknown>);
    } catch (e) {
      if (e instanceof RowError) throw new BatchError(`line ${line}: ${e.message}`, line, e.field);
      throw e;
    }
    const t = spec.timeOf(values);
    if (t !== null && (maxTime === null || t > maxTime)) maxTime = t;
    out.push(JSON.stringify(values));
  }
  if (out.length === 0) throw new BatchError('the body has no rows: send one JSON object per line', undefined, undefined);
  return { rows: out.length, body: Buffer.from(out.join('\n') + '\n'), maxTime };
}

// A small NDJSON body read whole into checked objects: for the side streams (annotations,
// claims) whose rows are few and go through their own checks, not the rows' pipeline.
import { BatchError } from './batch-error';
import { checkUtf8 } from './batch';
import { RowError } from './rows/fields';

/**
 * Each non-blank line parsed and checked by `check`, in order; the first bad line stops the body
 * as a BatchError naming the line (and the field, for a RowError), so nothing is written.
 */
export function parseObjectLines<T>(body: Buffer, check: (value: unknown, line: number) => T, maxLines = Infinity): T[] {
  checkUtf8(body);
  const out: T[] = [];
  const lines = body.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const n = i + 1;
    if (out.length >= maxLines) throw new BatchError(`more than ${maxLines} lines; split the body`, n, undefined);
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new BatchError(`line ${n}: not valid JSON (${(e as Error).message})`, n, undefined);
    }
    try {
      out.push(check(v, n));
    } catch (e) {
      if (e instanceof RowError) throw new BatchError(`line ${n}: ${e.message}`, n, e.field || undefined);
      throw e;
    }
  }
  if (out.length === 0) throw new BatchError('the body has no rows: send one JSON object per line', undefined, undefined);
  return out;
}

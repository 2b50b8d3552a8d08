// POST /api/ingest/annotations: NDJSON, one annotation a line, checked whole before anything is
// written (all or nothing, like every stream).
import { BatchError } from '../ingest/batch-error';
import { checkUtf8 } from '../ingest/batch';
import { checkAnnotation, RowError, type AnnotationInput } from './validate';

/** Most annotations in one request: a curated list or a producer's backlog, not a data stream. */
export const MAX_ANNOTATION_LINES = 10_000;

export function parseAnnotationLines(body: Buffer): AnnotationInput[] {
  checkUtf8(body);
  const out: AnnotationInput[] = [];
  const ids = new Map<string, number>();
  const lines = body.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const n = i + 1;
    if (out.length >= MAX_ANNOTATION_LINES)
      throw new BatchError(`more than ${MAX_ANNOTATION_LINES} annotations; split the body`, n, undefined);
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new BatchError(`line ${n}: not valid JSON (${(e as Error).message})`, n, undefined);
    }
    try {
      const a = checkAnnotation(v);
      if (a.id !== undefined) {
        // Two versions of one id in one request would race for the same version number.
        const first = ids.get(a.id);
        if (first !== undefined) throw new RowError('id', `id ${JSON.stringify(a.id)} is also on line ${first}; send one line per id`);
        ids.set(a.id, n);
      }
      out.push(a);
    } catch (e) {
      if (e instanceof RowError) throw new BatchError(`line ${n}: ${e.message}`, n, e.field || undefined);
      throw e;
    }
  }
  if (out.length === 0) throw new BatchError('the body has no rows: send one JSON object per line', undefined, undefined);
  return out;
}

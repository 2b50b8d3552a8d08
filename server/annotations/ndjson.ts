// POST /api/ingest/annotations: NDJSON, one annotation a line, checked whole before anything is
// written (all or nothing, like every stream).
import { parseObjectLines } from '../ingest/object-lines';
import { checkAnnotation, RowError, type AnnotationInput } from './validate';

/** Most annotations in one request: a curated list or a producer's backlog, not a data stream. */
const MAX_ANNOTATION_LINES = 10_000;

export function parseAnnotationLines(body: Buffer): AnnotationInput[] {
  const ids = new Map<string, number>();
  return parseObjectLines(
    body,
    (v, n) => {
      const a = checkAnnotation(v);
      if (a.id !== undefined) {
        // Two versions of one id in one request would race for the same version number.
        const first = ids.get(a.id);
        if (first !== undefined) throw new RowError('id', `id ${JSON.stringify(a.id)} is also on line ${first}; send one line per id`);
        ids.set(a.id, n);
      }
      return a;
    },
    MAX_ANNOTATION_LINES
  );
}

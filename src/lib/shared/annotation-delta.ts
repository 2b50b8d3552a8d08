import type { Annotation, AnnotationsDelta, AnnotationsSnapshot } from '../contract/annotations';

/**
 * The annotations after a delta, when it applies to the set held (same run of the server, based
 * on the held seq); 'old' for a delta already in what is held; 'gap' when one was missed and the
 * whole set must be asked for again.
 */
export function applyAnnotationDelta(held: AnnotationsSnapshot, d: AnnotationsDelta): AnnotationsSnapshot | 'old' | 'gap' {
  if (d.run === held.run && d.seq <= held.seq) return 'old';
  if (d.run !== held.run || d.base !== held.seq) return 'gap';
  const byId = new Map<string, Annotation>(held.annotations.map((a) => [a.id, a]));
  for (const id of d.removed) byId.delete(id);
  for (const a of d.upserts) byId.set(a.id, a);
  return { run: d.run, seq: d.seq, annotations: [...byId.values()].sort((a, b) => a.time - b.time || a.id.localeCompare(b.id)) };
}

// The live set of annotations every screen holds: the whole set once (snapshot), then each
// change as a delta numbered like panel deltas, so a screen that missed one asks again.
import { randomUUID } from 'node:crypto';
import type { Annotation, AnnotationsDelta, AnnotationsSnapshot } from '../../src/lib/contract/annotations';
import type { AnnotationChange } from './store';

export class AnnotationFeed {
  /** Which run of the server counts `seq`: a restarted server starts again at 0. */
  readonly run = randomUUID();
  private seq = 0;
  private current = new Map<string, Annotation>();
  private listeners = new Set<(d: AnnotationsDelta) => void>();

  /** Replaces the whole set (at start, from the store); screens get it as one delta. */
  reset(all: Annotation[]): void {
    const removed = [...this.current.keys()].filter((id) => !all.some((a) => a.id === id));
    this.current = new Map(all.map((a) => [a.id, a]));
    this.emit({ upserts: all, removed });
  }

  /** A write the store made. */
  apply(change: AnnotationChange): void {
    for (const a of change.upserts) this.current.set(a.id, a);
    for (const id of change.removed) this.current.delete(id);
    this.emit(change);
  }

  /**
   * What the store holds now, as read after a peer's notice: only what differs from this feed
   * reaches screens (a version not held yet, an id held and now gone), so a notice repeated or
   * answered late changes nothing it should not.
   */
  merge(state: AnnotationChange): void {
    const upserts = state.upserts.filter((a) => (this.current.get(a.id)?.version ?? 0) < a.version);
    const removed = state.removed.filter((id) => this.current.has(id));
    this.apply({ upserts, removed });
  }

  /** Every annotation the store holds: merged as above, and ids held but no longer there removed. */
  mergeAll(all: Annotation[]): void {
    const live = new Set(all.map((a) => a.id));
    this.merge({ upserts: all, removed: [...this.current.keys()].filter((id) => !live.has(id)) });
  }

  snapshot(): AnnotationsSnapshot {
    return { run: this.run, seq: this.seq, annotations: [...this.current.values()].sort((a, b) => a.time - b.time) };
  }

  onDelta(fn: (d: AnnotationsDelta) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(change: AnnotationChange): void {
    if (change.upserts.length === 0 && change.removed.length === 0) return;
    const delta: AnnotationsDelta = { run: this.run, base: this.seq, seq: ++this.seq, upserts: change.upserts, removed: change.removed };
    for (const fn of this.listeners) fn(delta);
  }
}

// Annotations written on another server of a fleet. The peer's notice names the ids it wrote;
// this server reads them again from the shared store rather than trusting a copy in the
// notice, so whatever order notices arrive in, the feed ends at what the store holds.
import type { AnnotationFeed } from './feed';
import type { AnnotationStore } from './store';

interface PeerAnnotations {
  /** A peer changed these ids ('all': read every annotation, as after Redis was lost). */
  changed(ids: string[] | 'all'): void;
  /** Resolves when every read asked for so far has reached the feed (for a clean stop). */
  idle(): Promise<void>;
}

/**
 * Reads one notice at a time, in arrival order: a read that started later never lands before
 * one that started earlier, so a feed never goes back to an older version.
 */
export function followPeerAnnotations(
  store: Pick<AnnotationStore, 'state' | 'list'>,
  feed: Pick<AnnotationFeed, 'merge' | 'mergeAll'>,
  failed: (e: unknown) => void
): PeerAnnotations {
  let queue: Promise<void> = Promise.resolve();
  return {
    changed(ids) {
      queue = queue
        .then(async () => {
          if (ids === 'all') feed.mergeAll(await store.list());
          else feed.merge(await store.state(ids));
        })
        // A failed read leaves those ids as they were here until a later notice names them again
        // (or Redis returns and every annotation is read); the caller logs it.
        .catch(failed);
    },
    idle: () => queue
  };
}

import type { Annotation, AnnotationsSnapshot } from '../contract/annotations';
import { applyAnnotationDelta } from '../shared/annotation-delta';
import { liveSocket } from './client.svelte';

/**
 * Every annotation, live: the whole set when the socket connects (and again after a missed
 * delta), then each change as it happens, so a note written on one screen appears on all of
 * them without a reload. The list is replaced whole on each change.
 */
class LiveAnnotations {
  list: Annotation[] = $state.raw([]);
  ready = $state(false);
}
export const annotations = new LiveAnnotations();

let held: AnnotationsSnapshot | null = null;
let started = false;

export function startAnnotations(): void {
  if (started) return;
  started = true;
  const s = liveSocket();
  const ask = () =>
    s.emit('annotations:subscribe', {}, (r) => {
      if ('error' in r) return;
      held = r;
      annotations.list = r.annotations;
      annotations.ready = true;
    });
  s.on('connect', ask);
  s.on('annotations:delta', (d) => {
    if (!held) return;
    const next = applyAnnotationDelta(held, d);
    if (next === 'old') return;
    if (next === 'gap') return ask();
    held = next;
    annotations.list = next.annotations;
  });
  if (s.connected) ask();
}

import { describe, expect, it } from 'vitest';
import type { Annotation, AnnotationsDelta } from '../../src/lib/contract/annotations';
import { AnnotationFeed } from './feed';

const note = (id: string, version: number, title = `${id} v${version}`): Annotation => ({
  id,
  version,
  kind: 'event',
  time: Date.UTC(2025, 0, 1),
  timeEnd: null,
  title,
  text: '',
  tags: [],
  panels: [],
  source: null,
  author: '',
  origin: 'user'
});

function feedWith(all: Annotation[]): { feed: AnnotationFeed; deltas: AnnotationsDelta[] } {
  const feed = new AnnotationFeed();
  feed.reset(all);
  const deltas: AnnotationsDelta[] = [];
  feed.onDelta((d) => deltas.push(d));
  return { feed, deltas };
}

describe("merging what the store holds after a peer's notice", () => {
  it('passes on newer versions and removals, each once', () => {
    const { feed, deltas } = feedWith([note('a', 1), note('b', 1)]);
    feed.merge({ upserts: [note('a', 2)], removed: ['b'] });
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({ base: 1, seq: 2, upserts: [note('a', 2)], removed: ['b'] });
    // The same notice again (or answered late) changes nothing and sends nothing.
    feed.merge({ upserts: [note('a', 2)], removed: ['b'] });
    expect(deltas).toHaveLength(1);
    expect(feed.snapshot().annotations).toEqual([note('a', 2)]);
  });

  it('never goes back to an older version', () => {
    const { feed, deltas } = feedWith([note('a', 3)]);
    feed.merge({ upserts: [note('a', 2, 'stale')], removed: [] });
    expect(deltas).toHaveLength(0);
    expect(feed.snapshot().annotations[0]?.version).toBe(3);
  });

  it('a whole set: what is new or newer comes in, what the store no longer holds goes', () => {
    const { feed, deltas } = feedWith([note('a', 1), note('b', 1)]);
    feed.mergeAll([note('a', 1), note('c', 1)]);
    expect(deltas).toEqual([expect.objectContaining({ upserts: [note('c', 1)], removed: ['b'] })]);
    expect(
      feed
        .snapshot()
        .annotations.map((x) => x.id)
        .sort()
    ).toEqual(['a', 'c']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Engine, QueryOptions } from '../engine/engine';
import { LiveDefaultsCache } from './live-cache';

/** An engine that answers the three live-default queries from fields the test changes. */
function fakeEngine() {
  const state = {
    fingerprint: { n: 13, last: 1 },
    crawl: { human: 1, ai: 1, mixed: 0, unknown: 0 },
    runs: Array.from({ length: 13 }, (_, i) => ({
      model: `m${i}`,
      published: Date.UTC(2012 + i, 0, 1),
      training_tokens: 1e12 * 10 ** (0.4 * (i - 8)),
      source: 'test'
    })),
    calls: { fingerprint: 0, training: 0, crawl: 0 }
  };
  const engine = {
    kind: 'chdb',
    async rows<T>(_sql: string, opts: QueryOptions): Promise<T[]> {
      // No imported compute projection: the forecast keeps the shipped table.
      if (opts.tag === 'forecast.projection.head') return [] as T[];
      if (opts.tag === 'forecast.live.fingerprint') {
        state.calls.fingerprint++;
        return [state.fingerprint] as T[];
      }
      if (opts.tag === 'forecast.live.training') {
        state.calls.training++;
        return state.runs as T[];
      }
      // No simulated crawl rows.
      if (opts.tag === 'forecast.live.crawl.origins') return [{ rows: 0, first: 0, last: 0 }] as T[];
      if (opts.tag === 'forecast.live.crawl') {
        state.calls.crawl++;
        return [state.crawl] as T[];
      }
      throw new Error(`unexpected query ${opts.tag}`);
    }
  } as unknown as Engine;
  return { engine, state };
}

describe('LiveDefaultsCache', () => {
  it('recomputes when training_runs changes, re-reads the crawl after its TTL, and otherwise reuses', async () => {
    const { engine, state } = fakeEngine();
    let now = Date.UTC(2026, 10, 27, 12);
    const cache = new LiveDefaultsCache(engine, { crawlTtlMs: 60_000, maxAgeMs: 300_000, now: () => now });
    const a = await cache.get('2026-11-24');
    expect(state.calls).toEqual({ fingerprint: 1, training: 1, crawl: 1 });
    expect(a.aiShare?.mid).toBe(0.5);

    // Same data, a second later: one fingerprint read, the same object back.
    now += 1000;
    expect(await cache.get('2026-11-24')).toBe(a);
    expect(state.calls).toEqual({ fingerprint: 2, training: 1, crawl: 1 });

    // An import: the fingerprint moves, the runs are read again at once.
    state.fingerprint = { n: 14, last: 2 };
    state.runs = [...state.runs, { model: 'new', published: Date.UTC(2024, 5, 1), training_tokens: 4e13, source: 'test' }];
    now += 1000;
    const b = await cache.get('2026-11-24');
    expect(b.runs).toBe(14);
    expect(state.calls.training).toBe(2);

    // New crawl rows show after the TTL, not before.
    state.crawl = { human: 1, ai: 3, mixed: 0, unknown: 0 };
    now += 1000;
    expect((await cache.get('2026-11-24')).aiShare?.mid).toBe(0.5);
    now += 60_000;
    expect((await cache.get('2026-11-24')).aiShare?.mid).toBe(0.75);
    expect(state.calls.training).toBe(2);
  });

  it('shares one round of reads between concurrent requests', async () => {
    const { engine, state } = fakeEngine();
    const cache = new LiveDefaultsCache(engine, { now: () => Date.UTC(2026, 10, 27) });
    const all = await Promise.all([cache.get('2026-11-24'), cache.get('2026-11-24'), cache.get('2026-11-24')]);
    expect(all[1]).toBe(all[0]);
    expect(state.calls).toEqual({ fingerprint: 1, training: 1, crawl: 1 });
  });
});

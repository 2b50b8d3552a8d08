import { describe, expect, it } from 'vitest';
import { allowanceMs, sceneStale } from './staleness';

const MIN = 60_000;
const T = Date.parse('2026-12-06T09:00:00Z');

describe('wall staleness per scene', () => {
  it('does not call a forecast stale between its five-minute refreshes', () => {
    const forecast = { refreshMs: 5 * MIN, streams: ['training', 'crawl'] as const };
    // Four minutes after the last result: the old single 120 s threshold called this stale.
    expect(sceneStale(T - 4 * MIN, forecast, 2 * MIN, T)).toBeNull();
    expect(sceneStale(T - 9 * MIN, forecast, 2 * MIN, T)).toBeNull();
    expect(sceneStale(T - 11 * MIN, forecast, 2 * MIN, T)).toEqual({ since: T - 11 * MIN });
  });

  it('calls a crawl scene stale after the floor when its refresh is shorter', () => {
    const share = { refreshMs: 5_000, streams: ['crawl'] as const };
    expect(allowanceMs(share, 2 * MIN)).toBe(2 * MIN);
    expect(sceneStale(T - 2 * MIN + 1, share, 2 * MIN, T)).toBeNull();
    expect(sceneStale(T - 3 * MIN, share, 2 * MIN, T)).toEqual({ since: T - 3 * MIN });
  });

  it('never calls published series or training runs stale by age: they change only on import', () => {
    expect(sceneStale(T - 30 * 86_400_000, { refreshMs: 60 * MIN, streams: ['series'] }, 2 * MIN, T)).toBeNull();
    expect(sceneStale(T - 30 * 86_400_000, { refreshMs: 5 * MIN, streams: ['training'] }, 2 * MIN, T)).toBeNull();
  });

  it('gives freelance postings, a few a day, a day', () => {
    const market = { refreshMs: MIN, streams: ['market'] as const };
    expect(sceneStale(T - 6 * 60 * MIN, market, 2 * MIN, T)).toBeNull();
    expect(sceneStale(T - 25 * 60 * MIN, market, 2 * MIN, T)).not.toBeNull();
  });

  it('has nothing to judge before the first result', () => {
    expect(sceneStale(null, { refreshMs: 5_000, streams: ['crawl'] }, 2 * MIN, T)).toBeNull();
  });
});

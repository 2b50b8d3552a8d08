import { describe, expect, it } from 'vitest';
import { computeLiveDefaults } from './live-defaults';
import { ForecastBusy, MAX_QUEUED_DRAWS, runForecastBounded } from './offload';
import { runForecastRequest } from './request';

const runs = Array.from({ length: 13 }, (_, i) => ({
  model: `m${i}`,
  published: Date.UTC(2012 + i, 0, 1),
  training_tokens: 1e12 * 10 ** (0.4 * (i - 8)),
  compute_flop: null,
  source: 'test'
}));
const defaults = computeLiveDefaults(
  { runs, crawl: { from: '2023-01-02', to: '2024-01-01', human: 1, ai: 1, mixed: 0, unknown: 0, simulated: null } },
  '2024-01-01'
);

describe('forecasts too large for the event loop', () => {
  it('run on a worker thread (the event loop turns while they compute) with the same answer as on the main thread', async () => {
    const query = { draws: 200_000, seed: 7 };
    // Computed on this thread, the answer would be ready when the call returns and the await
    // would resolve before any setImmediate callback; from the worker it arrives as a message,
    // after the loop has turned.
    let turned = false;
    const pending = runForecastBounded(defaults, query);
    setImmediate(() => (turned = true));
    const answer = await pending;
    expect(turned).toBe(true);
    expect(answer).toEqual(runForecastRequest(defaults, query));
  });

  it('run small forecasts inline: the answer is ready before the loop turns', async () => {
    let turned = false;
    const pending = runForecastBounded(defaults, { draws: 1_000, seed: 7 });
    setImmediate(() => (turned = true));
    await pending;
    expect(turned).toBe(false);
  });

  it('are refused once the queue holds the bound, and taken again once it drains', async () => {
    const query = { draws: 1_000_000, seed: 3 };
    const fit = MAX_QUEUED_DRAWS / query.draws;
    const calls = Array.from({ length: fit + 2 }, () => runForecastBounded(defaults, query));
    const settled = await Promise.allSettled(calls);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(fit);
    const refused = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(refused.map((r) => r.reason instanceof ForecastBusy)).toEqual([true, true]);
    expect((await runForecastBounded(defaults, query)).ok).toBe(true);
  });
});

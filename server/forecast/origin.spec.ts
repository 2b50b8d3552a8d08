// Where each forecast input and each forecast comes from: the AI share read over the simulator's
// crawl rows is simulated, and so is any forecast that applies it; the headline forecast, from
// the paper's inputs, is published whatever the crawl holds.
import { describe, expect, it } from 'vitest';
import { forecastQuerySchema } from '../../src/lib/contract/forecast';
import { computeLiveDefaults } from './live-defaults';
import type { CrawlProvenance } from './live-sql';
import { runForecastRequest } from './request';

const runs = Array.from({ length: 13 }, (_, i) => ({
  model: `m${i}`,
  published: Date.UTC(2012 + i, 0, 1),
  training_tokens: 1e12 * 10 ** (0.4 * (i - 8)),
  compute_flop: null,
  source: 'test'
}));
const crawl: CrawlProvenance = { from: '2023-01-02', to: '2024-01-01', human: 506, ai: 494, mixed: 0, unknown: 0, simulated: null };
// The simulator's crawl rows from 2020 to the end of 2023: they lie in the 365-day window.
const simulatedCrawl: CrawlProvenance = { ...crawl, simulated: { from: Date.UTC(2020, 0, 1), to: Date.UTC(2023, 11, 31) } };
// Simulated rows only before the window: the window's share is from producers' rows.
const oldSimulation: CrawlProvenance = { ...crawl, simulated: { from: Date.UTC(2020, 0, 1), to: Date.UTC(2022, 5, 30) } };

const run = (c: CrawlProvenance, query: Record<string, string>) => {
  const r = runForecastRequest(
    computeLiveDefaults({ runs, crawl: c }, '2024-01-01'),
    forecastQuerySchema.parse({ draws: '1000', ...query })
  );
  if (!r.ok) throw new Error(r.message);
  return r.response;
};

describe('forecast origin by input', () => {
  it('tags the live AI-share input simulated when it was read over simulated crawl rows, and says so in its source', () => {
    const live = run(simulatedCrawl, { inputs: 'live' });
    expect(live.assumptions.ai_share).toMatchObject({ value: 0.494, origin: 'simulated', applied: false });
    expect(live.assumptions.ai_share?.source).toMatch(/^SIMULATED: read from crawl_daily over rows the built-in simulator wrote/);
    expect(live.assumptions.ai_share?.source).not.toMatch(/^measured/);
  });

  it('calls the same share measured when the simulator’s rows lie outside its window', () => {
    expect(run(oldSimulation, { inputs: 'live' }).assumptions.ai_share?.origin).toBe('measured');
    expect(run(crawl, { inputs: 'live' }).assumptions.ai_share?.origin).toBe('measured');
  });

  it('keeps the headline forecast (published inputs) published with simulated crawl rows present', () => {
    const headline = run(simulatedCrawl, {});
    expect(headline.origin).toBe('published');
    expect(Object.values(headline.assumptions).filter((a) => a.origin === 'simulated')).toEqual([]);
  });

  it('makes a live forecast simulated only when it applies the simulated share', () => {
    expect(run(simulatedCrawl, { inputs: 'live' }).origin).toBe('measured');
    expect(run(simulatedCrawl, { inputs: 'live', ai_share: 'on' }).origin).toBe('simulated');
    expect(run(crawl, { inputs: 'live', ai_share: 'on' }).origin).toBe('measured');
  });

  it('tags the simple model simulated: its default stock growth is discounted by the share', () => {
    const simple = run(simulatedCrawl, { model: 'simple' });
    expect(simple.assumptions.stock_growth?.origin).toBe('simulated');
    expect(simple.origin).toBe('simulated');
    // Both ends of the growth set by the query: the share no longer enters.
    const set = run(simulatedCrawl, { model: 'simple', stock_growth_p5: '1.03', stock_growth_p95: '1.1' });
    expect(set.assumptions.ai_share?.applied).toBe(false);
    expect(set.origin).toBe('measured');
  });
});

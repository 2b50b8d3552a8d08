import { describe, expect, it } from 'vitest';
import { forecastQuerySchema } from '../../src/lib/contract/forecast';
import { computeLiveDefaults } from './live-defaults';
import { runForecast } from './model';
import { publishedInputs } from './published';
import { defaultAsOf, runForecastRequest } from './request';

const runs = Array.from({ length: 13 }, (_, i) => ({
  model: `m${i}`,
  published: Date.UTC(2012 + i, 0, 1),
  training_tokens: 1e12 * 10 ** (0.4 * (i - 8)),
  source: 'test'
}));
const defaults = computeLiveDefaults(
  { runs, crawl: { from: '2023-01-02', to: '2024-01-01', human: 1, ai: 1, mixed: 0, unknown: 0 } },
  '2024-01-01'
);

describe('runForecastRequest', () => {
  it('runs the defaults with 100,000 draws and seed 1 when the query is empty', () => {
    const r = runForecastRequest(defaults, {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.response).toMatchObject({ as_of: 2024, draws: 100_000, seed: 1 });
    expect(r.response.exhaustion).toEqual(runForecast(defaults.inputs, { draws: 100_000, seed: 1 }).exhaustion);
    expect(r.response.assumptions).toEqual(defaults.assumptions);
  });

  it('reproduces the published forecast when every input is given', () => {
    const p = publishedInputs(2024);
    const query = forecastQuerySchema.parse({
      stock_p5: String(p.stockP5),
      stock_p95: String(p.stockP95),
      stock_growth_p5: String(p.stockGrowthP5),
      stock_growth_p95: String(p.stockGrowthP95),
      demand_p5: String(p.demandP5),
      demand_p95: String(p.demandP95),
      demand_growth_p5: String(p.demandGrowthP5),
      demand_growth_p95: String(p.demandGrowthP95),
      draws: '20000'
    });
    const r = runForecastRequest(defaults, query);
    if (!r.ok) throw new Error(r.message);
    expect(r.response.exhaustion).toEqual(runForecast(p, { draws: 20_000, seed: 1 }).exhaustion);
    for (const name of ['stock', 'stock_growth', 'demand', 'demand_growth']) {
      expect(r.response.assumptions[name]?.source).toMatch(/^query: /);
    }
    // The measured AI share was not used: both ends of the stock growth came from the query.
    expect(r.response.assumptions.ai_share?.source).toContain('not used');
  });

  it('attributes a half-given pair to the query and to the default', () => {
    const r = runForecastRequest(defaults, forecastQuerySchema.parse({ stock_p95: '2e15', overtraining: '5' }));
    if (!r.ok) throw new Error(r.message);
    const stock = r.response.assumptions.stock;
    expect(stock?.p95).toBe(2e15);
    expect(stock?.p5).toBe(defaults.inputs.stockP5);
    expect(stock?.source).toContain('query: stock_p95=2000000000000000; stock_p5 from the default: Villalobos');
    expect(r.response.assumptions.overtraining).toMatchObject({ value: 5, source: 'query: overtraining=5' });
  });

  it('names the parameter of a pair put out of order against a default', () => {
    const r = runForecastRequest(defaults, forecastQuerySchema.parse({ demand_growth_p95: '1.01' }));
    expect(r).toMatchObject({ ok: false, param: 'demand_growth_p95' });
  });
});

describe('defaultAsOf', () => {
  it('is the UTC day', () => {
    expect(defaultAsOf(Date.UTC(2026, 10, 27, 21, 30))).toBe('2026-11-27');
    expect(defaultAsOf(Date.UTC(2026, 10, 30, 23, 59, 59, 999))).toBe('2026-11-30');
    expect(defaultAsOf(Date.UTC(2026, 11, 1))).toBe('2026-12-01');
  });
});

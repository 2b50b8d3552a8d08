import { describe, expect, it } from 'vitest';
import { forecastQuerySchema } from '../../src/lib/contract/forecast';
import { computeLiveDefaults } from './live-defaults';
import { PAPER_STATES } from './epoch-inputs';
import { publishedInputs } from './published';
import { defaultAsOf, runForecastRequest } from './request';

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

const paper = PAPER_STATES.exhaustion;

describe('runForecastRequest', () => {
  it("runs the Epoch model, pooled, with the paper's inputs, 100,000 draws and seed 1 when the query is empty", () => {
    const r = runForecastRequest(defaults, {});
    if (!r.ok) throw new Error(r.message);
    expect(r.response).toMatchObject({ model: 'epoch', branch: 'pooled', inputs: 'published', as_of: 2024, draws: 100_000, seed: 1 });
    expect(r.response.paper).toMatchObject({ median_year: 2028, p10_year: 2026, p90_year: 2032 });
    expect(r.response.assumptions.stock_pages).toMatchObject({ lo: 75e9, hi: 1e12, credibility: 95 });
    const o = r.response.outcomes;
    expect(o.crossing + o.already + o.beyond_horizon + o.never).toBe(100_000);
  });

  it("reproduces the published forecast: historical branch and 5x overtraining against the paper's stated years", () => {
    const hist = runForecastRequest(defaults, forecastQuerySchema.parse({ branch: 'historical', draws: '20000' }));
    if (!hist.ok) throw new Error(hist.message);
    const e = hist.response.exhaustion;
    // The paper's years are read off a grid of 100 points over 2015-2039 (0.24 years apart) and
    // floored, so a continuous quantile lies between the printed year and about 1.25 years above
    // it. 20,000 draws add a standard error of about 0.02 years.
    expect(e.median_year ?? NaN).toBeGreaterThanOrEqual(paper.median);
    expect(e.median_year ?? NaN).toBeLessThan(paper.median + 1.25);
    expect(e.p10_year ?? NaN).toBeGreaterThanOrEqual(paper.p10);
    expect(e.p10_year ?? NaN).toBeLessThan(paper.p10 + 1.5);
    // The paper's 2032 is the end of the POOLED interval, which its compute projection widens;
    // the historical branch alone must end before it.
    expect(e.p90_year ?? NaN).toBeLessThan(paper.p90);
    // "About a year earlier with 5x overtraining" (paper): between half a year and 1.5 years.
    const over = runForecastRequest(defaults, forecastQuerySchema.parse({ branch: 'pooled', overtraining: '5', draws: '20000' }));
    const base = runForecastRequest(defaults, forecastQuerySchema.parse({ branch: 'pooled', draws: '20000' }));
    if (!over.ok || !base.ok) throw new Error('refused');
    const shift = (over.response.exhaustion.median_year ?? NaN) - (base.response.exhaustion.median_year ?? NaN);
    expect(shift).toBeLessThan(-0.5);
    expect(shift).toBeGreaterThan(-1.5);
  });

  it('keeps the simple model, whose published inputs land near the paper (median 2028, 80% 2026-2032)', () => {
    const p = publishedInputs(2024);
    const query = forecastQuerySchema.parse({
      model: 'simple',
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
    expect(r.response.model).toBe('simple');
    const e = r.response.exhaustion;
    // The simple model is the historical branch reduced to four lognormals, so the same
    // allowance for the paper's floored grid applies: [printed year, printed year + 1.25).
    expect(e.median_year ?? NaN).toBeGreaterThanOrEqual(paper.median);
    expect(e.median_year ?? NaN).toBeLessThan(paper.median + 1.25);
    expect(e.p10_year ?? NaN).toBeGreaterThanOrEqual(paper.p10);
    expect(e.p90_year ?? NaN).toBeLessThan(paper.p90);
    for (const name of ['stock', 'stock_growth', 'demand', 'demand_growth']) {
      expect(r.response.assumptions[name]?.source).toMatch(/^query: /);
    }
    // The measured AI share was not used: both ends of the stock growth came from the query.
    expect(r.response.assumptions.ai_share?.source).toContain('not used');
  });

  it('attributes a half-given pair to the query and to the default', () => {
    const r = runForecastRequest(defaults, forecastQuerySchema.parse({ model: 'simple', stock_p95: '2e15', overtraining: '5' }));
    if (!r.ok) throw new Error(r.message);
    const stock = r.response.assumptions.stock;
    expect(stock?.p95).toBe(2e15);
    expect(stock?.p5).toBe(defaults.inputs.stockP5);
    expect(stock?.source).toContain('query: stock_p95=2000000000000000; stock_p5 from the default: Villalobos');
    expect(r.response.assumptions.overtraining).toMatchObject({ value: 5, source: 'query: overtraining=5' });
  });

  it('names the parameter of a pair put out of order against a default', () => {
    const r = runForecastRequest(defaults, forecastQuerySchema.parse({ model: 'simple', demand_growth_p95: '1.01' }));
    expect(r).toMatchObject({ ok: false, param: 'demand_growth_p95' });
  });

  it('with live inputs and the AI-share scenario, shows the forecast without it and states the assumption', () => {
    const r = runForecastRequest(defaults, forecastQuerySchema.parse({ inputs: 'live', ai_share: 'on', draws: '20000' }));
    if (!r.ok) throw new Error(r.message);
    expect(r.response.ai_share).toBe('on');
    expect(r.response.assumptions.ai_share?.source).toContain('displaces');
    // The share measured here is 0.5: half the new text adds nothing, so the stock grows more
    // slowly and the crossing comes earlier than without the discount.
    expect(r.response.exhaustion.median_year ?? NaN).toBeLessThan(r.response.without_ai_share?.median_year ?? NaN);
    expect(r.response.assumptions.demand?.source).toMatch(/^measured from training_runs/);
  });
});

describe('defaultAsOf', () => {
  it('is the UTC day', () => {
    expect(defaultAsOf(Date.UTC(2026, 10, 27, 21, 30))).toBe('2026-11-27');
    expect(defaultAsOf(Date.UTC(2026, 10, 30, 23, 59, 59, 999))).toBe('2026-11-30');
    expect(defaultAsOf(Date.UTC(2026, 11, 1))).toBe('2026-12-01');
  });
});

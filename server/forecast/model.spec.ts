import { describe, expect, it } from 'vitest';
import type { ForecastInputs } from '../../src/lib/contract/forecast';
import { lognormalAt, lognormalFromP5P95 } from './lognormal';
import { runForecast } from './model';
import { publishedInputs } from './published';
import { quantileSorted } from './quantile';
import { createRng } from '../lib/random';

/** Inputs with p5 == p95 everywhere: every draw is the same and the answer is the closed form. */
function fixed(S: number, g: number, D: number, G: number, asOf = 2024, overtraining = 1): ForecastInputs {
  return {
    asOf,
    stockP5: S,
    stockP95: S,
    stockGrowthP5: g,
    stockGrowthP95: g,
    demandP5: D,
    demandP95: D,
    demandGrowthP5: G,
    demandGrowthP95: G,
    overtraining
  };
}

const OPTS = { draws: 20_000, seed: 1 };

describe('runForecast', () => {
  it('gives the exact closed-form year when p5 == p95 everywhere', () => {
    const r = runForecast(fixed(3e14, 1.05, 1e13, 2.4, 2024.25), OPTS);
    const expected = 2024.25 + Math.log(3e14 / 1e13) / Math.log(2.4 / 1.05);
    expect(r.exhaustion.median_year).toBeCloseTo(expected, 9);
    expect(r.exhaustion.p10_year).toBeCloseTo(expected, 9);
    expect(r.exhaustion.p90_year).toBeCloseTo(expected, 9);
    expect(r.outcomes).toEqual({ crossing: OPTS.draws, never: 0, already: 0, beyond_horizon: 0 });
    // Crossing in 2028.4: not used up by the end of 2027, used up by the end of 2028.
    const year = Math.floor(expected);
    for (const { year: y, p } of r.probability_by_year) expect(p).toBe(y < year ? 0 : 1);
    // The curves are exact too.
    const band = r.stock.find((b) => b.year === 2030);
    expect((band?.p50 ?? NaN) / (3e14 * 1.05 ** (2030 - 2024.25))).toBeCloseTo(1, 12);
    expect(band?.p5).toBe(band?.p95);
  });

  it('gives the same answer for the same seed and a slightly different one for another seed', () => {
    const inputs = publishedInputs();
    const a = runForecast(inputs, OPTS);
    const b = runForecast(inputs, OPTS);
    expect(b).toEqual(a);
    const c = runForecast(inputs, { ...OPTS, seed: 2 });
    expect(c.seed).toBe(2);
    expect(c.exhaustion.median_year).not.toBe(a.exhaustion.median_year);
    expect(Math.abs((c.exhaustion.median_year ?? 0) - (a.exhaustion.median_year ?? 0))).toBeLessThan(0.1);
  });

  it('moves the median later when there is more stock', () => {
    const base = publishedInputs();
    const more = { ...base, stockP5: base.stockP5 * 3, stockP95: base.stockP95 * 3 };
    const a = runForecast(base, OPTS).exhaustion.median_year ?? NaN;
    const b = runForecast(more, OPTS).exhaustion.median_year ?? NaN;
    expect(b).toBeGreaterThan(a + 0.5);
  });

  it('moves the median earlier when demand grows faster', () => {
    const base = publishedInputs();
    const faster = {
      ...base,
      demandGrowthP5: base.demandGrowthP5 * 1.5,
      demandGrowthP95: base.demandGrowthP95 * 1.5
    };
    const a = runForecast(base, OPTS).exhaustion.median_year ?? NaN;
    const b = runForecast(faster, OPTS).exhaustion.median_year ?? NaN;
    expect(b).toBeLessThan(a - 0.5);
  });

  it('moves the median earlier by ln(sqrt(5))/ln(G/g) years with 5x overtraining', () => {
    const [S, g, D, G] = [3e14, 1.05, 1e13, 2.4];
    const a = runForecast(fixed(S, g, D, G), OPTS).exhaustion.median_year ?? NaN;
    const b = runForecast(fixed(S, g, D, G, 2024, 5), OPTS).exhaustion.median_year ?? NaN;
    expect(a - b).toBeCloseTo(Math.log(Math.sqrt(5)) / Math.log(G / g), 9);
  });

  it('counts draws where demand never catches up', () => {
    const r = runForecast(fixed(3e14, 1.05, 1e13, 1.01), OPTS);
    expect(r.outcomes).toEqual({ crossing: 0, never: OPTS.draws, already: 0, beyond_horizon: 0 });
    expect(r.exhaustion).toEqual({ median_year: null, p10_year: null, p90_year: null });
    expect(r.probability_by_year.every((y) => y.p === 0)).toBe(true);
  });

  it('counts draws where demand has already caught up', () => {
    const r = runForecast(fixed(1e13, 1.05, 3e13, 2.4, 2024.5), OPTS);
    expect(r.outcomes).toEqual({ crossing: 0, never: 0, already: OPTS.draws, beyond_horizon: 0 });
    expect(r.exhaustion.median_year).toBe(2024.5);
    expect(r.probability_by_year.every((y) => y.p === 1)).toBe(true);
  });

  it('counts a mix of outcomes and reports null for percentiles among the draws that do not cross before the horizon end', () => {
    // Demand growth straddles the stock's: P(G <= g) = Phi((ln 1.05 - mu) / sigma), a bit over 1/2.
    const inputs = { ...fixed(3e14, 1.05, 1e13, 1), demandGrowthP5: 1.0, demandGrowthP95: 1.1 };
    const r = runForecast(inputs, { draws: 50_000, seed: 9 });
    const G = lognormalFromP5P95(1.0, 1.1);
    const expectedNever = normalCdf((Math.log(1.05) - G.mu) / G.sigma);
    const { crossing, never, already, beyond_horizon } = r.outcomes;
    expect(crossing + never + already + beyond_horizon).toBe(50_000);
    // Slow crossings (demand growth just above the stock's) land after the last year shown.
    expect(beyond_horizon).toBeGreaterThan(0);
    expect(already).toBe(0);
    expect(Math.abs(never / 50_000 - expectedNever)).toBeLessThan(0.01);
    expect(r.exhaustion.median_year).toBeNull();
    expect(r.exhaustion.p90_year).toBeNull();
    // A percentile is a year exactly when that share of draws crossed before the horizon's end.
    expect(r.exhaustion.p10_year === null).toBe((crossing + already) / 50_000 < 0.1);
  });

  it('has a non-decreasing probability_by_year that ends near the share of draws that cross', () => {
    const r = runForecast(publishedInputs(), OPTS);
    const ps = r.probability_by_year.map((y) => y.p);
    expect(ps).toHaveLength(17);
    expect(r.probability_by_year[0]?.year).toBe(2024);
    for (let i = 1; i < ps.length; i++) expect(ps[i] ?? NaN).toBeGreaterThanOrEqual(ps[i - 1] ?? NaN);
    // The last year's probability is exactly the share that crossed before the horizon's end.
    const crossed = (r.outcomes.crossing + r.outcomes.already) / r.draws;
    expect(ps[ps.length - 1]).toBe(crossed);
  });

  it('gives curve bands equal to the percentiles of sampled S * g^dt', () => {
    const inputs = publishedInputs();
    const r = runForecast(inputs, { ...OPTS, horizonYears: 10 });
    const band = r.stock.find((b) => b.year === 2032);
    const S = lognormalFromP5P95(inputs.stockP5, inputs.stockP95);
    const g = lognormalFromP5P95(inputs.stockGrowthP5, inputs.stockGrowthP95);
    const rng = createRng(5);
    const xs = new Float64Array(100_000);
    for (let i = 0; i < xs.length; i++) xs[i] = lognormalAt(S, rng.normal()) * lognormalAt(g, rng.normal()) ** 8;
    xs.sort();
    expect((band?.p5 ?? NaN) / quantileSorted(xs, 0.05)).toBeCloseTo(1, 1);
    expect((band?.p50 ?? NaN) / quantileSorted(xs, 0.5)).toBeCloseTo(1, 1);
    expect((band?.p95 ?? NaN) / quantileSorted(xs, 0.95)).toBeCloseTo(1, 1);
    expect(r.demand).toHaveLength(11);
  });

  it('rejects nonsense options', () => {
    expect(() => runForecast(publishedInputs(), { draws: 0, seed: 1 })).toThrow(RangeError);
    expect(() => runForecast(publishedInputs(), { draws: 10, seed: 1, horizonYears: -1 })).toThrow(RangeError);
    expect(() => runForecast({ ...publishedInputs(), overtraining: 0.5 }, OPTS)).toThrow(RangeError);
  });
});

// Abramowitz-Stegun 7.1.26 via erf; accurate to ~1e-7, plenty for a 1% tolerance.
function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

import { describe, expect, it } from 'vitest';
import { runForecast } from './model';
import { DEMAND_GROWTH, PUBLISHED_RESULT, publishedAssumptions, publishedInputs } from './published';

const OPTS = { draws: 100_000, seed: 1 };

describe('published defaults', () => {
  it('put the median year within the published 80% interval, near 2028', () => {
    const r = runForecast(publishedInputs(), OPTS);
    const { median_year, p10_year, p90_year } = r.exhaustion;
    expect(median_year).not.toBeNull();
    expect(median_year ?? NaN).toBeGreaterThanOrEqual(PUBLISHED_RESULT.p10Year);
    expect(median_year ?? NaN).toBeLessThanOrEqual(PUBLISHED_RESULT.p90Year);
    expect(Math.abs((median_year ?? NaN) - PUBLISHED_RESULT.medianYear)).toBeLessThan(1);
    expect(p10_year ?? NaN).toBeLessThan(median_year ?? NaN);
    expect(p90_year ?? NaN).toBeGreaterThan(median_year ?? NaN);
  });

  it('move the median about a year earlier with 5x overtraining, as published', () => {
    const base = runForecast(publishedInputs(), OPTS).exhaustion.median_year ?? NaN;
    const over = runForecast({ ...publishedInputs(), overtraining: 5 }, OPTS).exhaustion.median_year ?? NaN;
    expect(base - over).toBeGreaterThan(0.5);
    expect(base - over).toBeLessThan(1.5);
  });

  it('give nearly the same answer when the levels are carried to a later as_of', () => {
    const at2024 = runForecast(publishedInputs(2024), OPTS).exhaustion.median_year ?? NaN;
    const at2026 = runForecast(publishedInputs(2026), OPTS).exhaustion.median_year ?? NaN;
    expect(Math.abs(at2026 - at2024)).toBeLessThan(0.5);
  });

  it('convert the 95% CI of 0.27-0.48 orders of magnitude a year to a 90% interval of factors', () => {
    expect(DEMAND_GROWTH.p5).toBeCloseTo(1.9583, 4);
    expect(DEMAND_GROWTH.p95).toBeCloseTo(2.9385, 4);
    expect(Math.sqrt(DEMAND_GROWTH.p5 * DEMAND_GROWTH.p95)).toBeCloseTo(10 ** 0.38, 10);
  });

  it('describe every input with a value, unit and source', () => {
    const a = publishedAssumptions();
    expect(Object.keys(a).sort()).toEqual(['demand', 'demand_growth', 'overtraining', 'stock', 'stock_growth']);
    for (const x of Object.values(a)) {
      expect(Number.isFinite(x.value)).toBe(true);
      expect(x.unit.length).toBeGreaterThan(0);
      expect(x.source).toMatch(/Villalobos/);
    }
    expect(a.stock?.value).toBeCloseTo(Math.sqrt(1e29), -10);
    expect(a.stock?.p5).toBe(1e14);
    // Epoch's 2024 level, 3e12-13e12 (90%): median sqrt(3e12 * 13e12) = 6.2e12.
    expect(a.demand?.value).toBeCloseTo(Math.sqrt(3e12 * 13e12), -1);
    expect(a.demand?.p5).toBe(3e12);
  });
});

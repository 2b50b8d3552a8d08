// Each factor of the rebuilt model against the numbers the paper states (Villalobos et al., ICML
// 2024), not against this code's own output. Tolerances are set by how the paper rounds.
import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/random';
import { quantileSorted } from './quantile';
import { loadDefaultProjection } from './epoch-compute-projection';
import { PAPER_STATES, STOCK_FACTORS, logNormal } from './epoch-inputs';
import { runEpoch } from './epoch-model';
import { publishedSetup } from './epoch-setup';
import { publishedTrends } from './epoch-trend';

const N = 100_000;

function draw(key: keyof typeof STOCK_FACTORS, rng: ReturnType<typeof createRng>): number {
  const { mu, sigma } = logNormal(STOCK_FACTORS[key]);
  return Math.exp(mu + sigma * rng.normal());
}

/** 2024 stock draws, every factor drawn on its own, as the paper's code composes them. */
function stock2024(): { raw: Float64Array; effective: Float64Array; growth: Float64Array } {
  const rng = createRng(7);
  const raw = new Float64Array(N);
  const effective = new Float64Array(N);
  const growth = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const r = (draw('pages', rng) * draw('bytesPerPage', rng)) / Math.max(1, 6 - draw('bytesPerTokenOffset', rng));
    raw[i] = r;
    effective[i] = r * draw('quality', rng) * draw('repetition', rng);
    growth[i] = draw('sizeGrowth', rng) * draw('countGrowth', rng);
  }
  return { raw: raw.sort(), effective: effective.sort(), growth: growth.sort() };
}

describe('stock of human text, 2024 (paper section 2)', () => {
  const s = stock2024();
  it('raw stock is about 510T tokens, 95% 130T-2,100T', () => {
    const { median, lo, hi } = PAPER_STATES.rawStock2024;
    // The paper prints two significant figures: 5% on the median, 5% on the ends covers that
    // rounding and the Monte Carlo error of 100,000 draws at the 2.5th/97.5th percentile (~2%).
    expect(Math.abs(quantileSorted(s.raw, 0.5) / median - 1)).toBeLessThan(0.05);
    expect(Math.abs(quantileSorted(s.raw, 0.025) / lo - 1)).toBeLessThan(0.05);
    expect(Math.abs(quantileSorted(s.raw, 0.975) / hi - 1)).toBeLessThan(0.05);
  });
  it('effective stock is about 3e14, 90% 1e14-1e15', () => {
    const { median, lo, hi } = PAPER_STATES.effectiveStock2024;
    // "3e14" is one significant figure (2.5e14-3.5e14); the interval ends are rounded to whole
    // orders of magnitude, so each end is checked to within a factor 10^0.15 (about 1.4).
    const p50 = quantileSorted(s.effective, 0.5);
    expect(p50).toBeGreaterThan(median - 0.5e14);
    expect(p50).toBeLessThan(median + 0.5e14);
    expect(Math.abs(Math.log10(quantileSorted(s.effective, 0.05) / lo))).toBeLessThan(0.15);
    expect(Math.abs(Math.log10(quantileSorted(s.effective, 0.95) / hi))).toBeLessThan(0.15);
  });
  it('grows about x1.037-x1.125 a year (90%), not x1.00-x1.10', () => {
    // The interval is implied by the paper's two growth factors; checked to the third decimal.
    expect(quantileSorted(s.growth, 0.05)).toBeCloseTo(1.037, 2);
    expect(quantileSorted(s.growth, 0.95)).toBeCloseTo(1.125, 2);
  });
});

describe('historical demand trend (paper section 3.1, 80 models of dataset_sizes.csv)', () => {
  it('fits 0.38 OOM a year, 95% 0.27-0.48, on the 80 models after 2010', () => {
    const t = publishedTrends();
    expect(t.tokensN).toBe(80);
    const { median, lo, hi } = PAPER_STATES.demandGrowthOom;
    // The paper prints two decimals; a bootstrap of 10,000 resamples moves its 2.5th/97.5th
    // percentiles by about 0.005 between seeds, so 0.015 covers rounding plus resampling.
    expect(Math.abs(t.demandGrowth.median - median)).toBeLessThan(0.015);
    expect(Math.abs(t.demandGrowth.lo - lo)).toBeLessThan(0.015);
    expect(Math.abs(t.demandGrowth.hi - hi)).toBeLessThan(0.015);
  });
});

describe('compute projection (Besiroglu et al. 2022, Table 1)', () => {
  it('ships the table the paper cites', () => {
    const p = loadDefaultProjection();
    expect(p.years).toEqual([2025, 2030, 2040, 2050]);
    expect(p.median).toEqual([25.9, 28.67, 32.42, 35.26]);
    expect(p.lo).toEqual([25.33, 26.71, 29.27, 31.78]);
    expect(p.hi).toEqual([26.14, 29.47, 34.71, 38.86]);
  });
});

describe('exhaustion year (paper: median 2028, 80% 2026-2032; 5x overtraining about a year earlier)', () => {
  const setup = publishedSetup(loadDefaultProjection());
  const run = (branch: 'historical' | 'pooled', k: number) =>
    runEpoch(setup, { branch, overtraining: k, draws: N, seed: 1, asOf: 2024, fromYear: 2020, toYear: 2045 }).exhaustion;

  it('historical branch lands where the paper does, allowing for its floored grid', () => {
    const e = run('historical', 1);
    // Epoch reads quantiles off a grid of 100 points from 2015 to 2039 and floors them, so its
    // printed years lie 0 to about 1.25 years below continuous quantiles: [printed, printed + 1.25].
    const { median, p10, p90 } = PAPER_STATES.exhaustion;
    expect(e.median_year).toBeGreaterThanOrEqual(median);
    expect(e.median_year).toBeLessThan(median + 1.25);
    expect(e.p10_year).toBeGreaterThanOrEqual(p10);
    expect(e.p10_year).toBeLessThan(p10 + 1.5);
    // The paper's 2032 is the pooled interval's end; the historical branch alone is narrower.
    expect(e.p90_year).toBeLessThanOrEqual(p90);
  });

  it('5x overtraining moves the median about a year earlier (sqrt(5) more data at equal compute)', () => {
    const shift = (run('pooled', 5).median_year ?? NaN) - (run('pooled', 1).median_year ?? NaN);
    // "About a year": between half a year and a year and a half earlier.
    expect(shift).toBeLessThan(-0.5);
    expect(shift).toBeGreaterThan(-1.5);
  });
});

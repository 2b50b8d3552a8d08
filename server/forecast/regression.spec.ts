import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/random';
import { bootstrapTrend, frontierPoints, type TrendPoint } from './regression';

const line = (year: number): number => 1e12 * 10 ** (0.4 * (year - 2020));

describe('bootstrapTrend', () => {
  it('recovers the slope and level of an exact line through 3 points', () => {
    const points = [2018, 2020, 2023.5].map((year) => ({ year, tokens: line(year) }));
    const r = bootstrapTrend(points, { resamples: 500, seed: 1, asOf: 2024 });
    for (const q of [r.growth.p5, r.growth.p50, r.growth.p95]) expect(q / 10 ** 0.4).toBeCloseTo(1, 10);
    for (const q of [r.level.p5, r.level.p50, r.level.p95]) expect(q / line(2024)).toBeCloseTo(1, 10);
    expect(r).toMatchObject({ n: 3, from: 2018, to: 2023.5 });
  });

  it('brackets the true slope and level of noisy data', () => {
    const rng = createRng(2024);
    const points: TrendPoint[] = [];
    for (let i = 0; i < 60; i++) {
      const year = 2012 + rng.next() * 12;
      points.push({ year, tokens: line(year) * 10 ** (0.3 * rng.normal()) });
    }
    const r = bootstrapTrend(points, { resamples: 2000, seed: 7, asOf: 2024 });
    expect(r.growth.p5).toBeLessThan(10 ** 0.4);
    expect(r.growth.p95).toBeGreaterThan(10 ** 0.4);
    expect(r.level.p5).toBeLessThan(line(2024));
    expect(r.level.p95).toBeGreaterThan(line(2024));
    // ...and the interval is informative: slope within about +-0.05 orders of magnitude.
    expect(Math.log10(r.growth.p95 / r.growth.p5)).toBeLessThan(0.12);
    expect(r.growth.p5).toBeLessThan(r.growth.p50);
    expect(r.growth.p50).toBeLessThan(r.growth.p95);
  });

  it('gives the same answer for the same seed', () => {
    const rng = createRng(3);
    const points = Array.from({ length: 30 }, (_, i) => ({
      year: 2015 + i / 3,
      tokens: line(2015 + i / 3) * (1 + rng.next())
    }));
    const opts = { resamples: 1000, seed: 11, asOf: 2025 };
    expect(bootstrapTrend(points, opts)).toEqual(bootstrapTrend(points, opts));
    expect(bootstrapTrend(points, { ...opts, seed: 12 }).growth.p5).not.toBe(bootstrapTrend(points, opts).growth.p5);
  });

  it('keeps only the top of each year with topQuantile', () => {
    const points: TrendPoint[] = [];
    for (const year of [2019.5, 2020.5, 2021.5, 2022.5]) {
      points.push({ year, tokens: line(year) });
      for (let k = 1; k <= 9; k++) points.push({ year, tokens: line(year) / 10 ** k });
    }
    const r = bootstrapTrend(points, { resamples: 200, seed: 1, asOf: 2023, topQuantile: 0.9 });
    expect(r.n).toBe(4);
    expect(r.growth.p50 / 10 ** 0.4).toBeCloseTo(1, 10);
  });

  it('refuses data without a slope', () => {
    expect(() =>
      bootstrapTrend(
        [
          { year: 2020, tokens: 1 },
          { year: 2021, tokens: 2 }
        ],
        { resamples: 10, seed: 1, asOf: 2024 }
      )
    ).toThrow(RangeError);
    const sameDate = [1, 2, 3].map((tokens) => ({ year: 2020, tokens }));
    expect(() => bootstrapTrend(sameDate, { resamples: 10, seed: 1, asOf: 2024 })).toThrow(RangeError);
  });

  it('refuses a trend whose numbers at asOf a double cannot hold, rather than answer Infinity', () => {
    // Runs weeks apart and sixteen orders of magnitude apart, each within the ingest bounds: a
    // growth of up to 10^160 a year, finite, but read at 2100 the level is 10^(thousands) tokens.
    const steep = [
      { year: 2024, tokens: 1 },
      { year: 2024.1, tokens: 1e16 },
      { year: 2024.2, tokens: 1e16 }
    ];
    expect(() => bootstrapTrend(steep, { resamples: 50, seed: 1, asOf: 2100 })).toThrow(/beyond what a number can hold/);
    // Read where the data is, the same runs fit.
    expect(bootstrapTrend(steep, { resamples: 50, seed: 1, asOf: 2024 }).level.p95).toBeLessThan(Infinity);
  });
});

describe('frontierPoints', () => {
  it('keeps points that were in the top 10 when they appeared', () => {
    // One big run a year, plus 15 small ones half a year later. While fewer than 10 big runs
    // exist, the largest small ones still make the top 10; from the tenth big run on, none do.
    const points: TrendPoint[] = [];
    for (let y = 0; y < 20; y++) {
      points.push({ year: 2000 + y, tokens: 1e9 * 2 ** y });
      for (let k = 0; k < 15; k++) points.push({ year: 2000 + y + 0.5, tokens: 1e3 * (y + 1) + k });
    }
    const kept = frontierPoints(points);
    expect(kept.filter((p) => p.tokens >= 1e9)).toHaveLength(20);
    expect(kept.every((p, i) => i === 0 || p.year >= (kept[i - 1]?.year ?? -Infinity))).toBe(true);
    const small = kept.filter((p) => p.tokens < 1e9);
    // At 2000.5 one run is bigger, so the top 9 small ones are kept; at 2001.5 two, so 8; ...
    expect(small.filter((p) => p.year === 2000.5)).toHaveLength(9);
    expect(small.filter((p) => p.year === 2001.5)).toHaveLength(8);
    expect(small.filter((p) => p.year > 2009)).toHaveLength(0);
    expect(small).toHaveLength(9 + 8 + 7 + 6 + 5 + 4 + 3 + 2 + 1);
  });

  it('lets the frontier recover from an old outlier with a finite window', () => {
    const points: TrendPoint[] = [{ year: 2010, tokens: 1e15 }];
    for (let y = 2011; y < 2020; y++) points.push({ year: y, tokens: 1e10 }, { year: y, tokens: 1e9 });
    expect(frontierPoints(points, Infinity, 1).map((p) => p.year)).toEqual([2010]);
    expect(frontierPoints(points, 2, 1)).toHaveLength(1 + 7);
  });
});

import { describe, expect, it } from 'vitest';
import { Z95, lognormalAt, lognormalBand, lognormalFromP5P95, lognormalMedian, lognormalProductPower } from './lognormal';
import { createRng } from '../lib/random';

describe('lognormalFromP5P95', () => {
  it('puts the median at the geometric mean and the percentiles back where they were given', () => {
    const d = lognormalFromP5P95(1e14, 1e15);
    expect(lognormalMedian(d) / Math.sqrt(1e29)).toBeCloseTo(1, 12);
    const band = lognormalBand(d);
    expect(band.p5 / 1e14).toBeCloseTo(1, 12);
    expect(band.p95 / 1e15).toBeCloseTo(1, 12);
    expect(d.sigma).toBeCloseTo(Math.log(10) / (2 * Z95), 12);
  });

  it('gives a constant when p5 == p95', () => {
    const d = lognormalFromP5P95(2.4, 2.4);
    expect(d.sigma).toBe(0);
    expect(lognormalAt(d, -3)).toBeCloseTo(2.4, 14);
    expect(lognormalAt(d, 5)).toBeCloseTo(2.4, 14);
  });

  it('samples with about 5% below p5 and 5% above p95', () => {
    const d = lognormalFromP5P95(5e12, 2e13);
    const rng = createRng(3);
    const n = 100_000;
    let below = 0;
    let above = 0;
    for (let i = 0; i < n; i++) {
      const x = lognormalAt(d, rng.normal());
      if (x < 5e12) below++;
      if (x > 2e13) above++;
    }
    expect(Math.abs(below / n - 0.05)).toBeLessThan(0.004);
    expect(Math.abs(above / n - 0.05)).toBeLessThan(0.004);
  });

  it('rejects bad percentiles', () => {
    expect(() => lognormalFromP5P95(0, 1)).toThrow(RangeError);
    expect(() => lognormalFromP5P95(2, 1)).toThrow(RangeError);
    expect(() => lognormalFromP5P95(1, Infinity)).toThrow(RangeError);
    expect(() => lognormalFromP5P95(Number.NaN, 1)).toThrow(RangeError);
  });
});

describe('lognormalProductPower', () => {
  it('adds means and variances in log space', () => {
    const x = lognormalFromP5P95(1e14, 1e15);
    const g = lognormalFromP5P95(1.0, 1.1);
    const y = lognormalProductPower(x, g, 3);
    expect(y.mu).toBeCloseTo(x.mu + 3 * g.mu, 12);
    expect(y.sigma ** 2).toBeCloseTo(x.sigma ** 2 + 9 * g.sigma ** 2, 12);
  });
});

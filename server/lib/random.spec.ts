import { describe, expect, it } from 'vitest';
import { createRng } from './random';

describe('createRng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    for (let i = 0; i < 1000; i++) {
      expect(a.nextUint32()).toBe(b.nextUint32());
      expect(a.normal()).toBe(b.normal());
    }
  });

  it('fills normals with the very numbers normal() gives, sharing the stream in any mix and split', () => {
    const one = createRng(9);
    const bulk = createRng(9);
    const want = Array.from({ length: 1001 }, () => one.normal());
    const got = new Float64Array(1001);
    // Odd lengths leave the pair's second normal as the spare, taken by the next call of either kind.
    got[0] = bulk.normal();
    bulk.fillNormals(got, 1, 4);
    bulk.fillNormals(got, 4, 4);
    got[4] = bulk.normal();
    bulk.fillNormals(got, 5, 600);
    bulk.fillNormals(got, 600, 1001);
    expect(Array.from(got)).toEqual(want);
    expect(bulk.nextUint32()).toBe(one.nextUint32());
  });

  it('gives unrelated streams for neighbouring seeds', () => {
    const a = createRng(1);
    const b = createRng(2);
    let same = 0;
    for (let i = 0; i < 1000; i++) if (a.nextUint32() === b.nextUint32()) same++;
    expect(same).toBe(0);
  });

  it('draws uniforms in [0, 1) with mean near 1/2', () => {
    const rng = createRng(7);
    let sum = 0;
    let min = 1;
    let max = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      sum += u;
      if (u < min) min = u;
      if (u > max) max = u;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // sd of the mean is sqrt(1/12/n) ~ 0.0009; 5 sd of slack.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.0046);
  });

  it('draws standard normals: mean ~0, sd ~1 over 100k draws', () => {
    const rng = createRng(12345);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let below = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
      if (z < -1.6448536269514722) below++;
    }
    const mean = sum / n;
    const sd = Math.sqrt(sumSq / n - mean * mean);
    // Standard errors: mean 0.0032, sd 0.0022, tail share 0.0007; about 5 of each allowed.
    expect(Math.abs(mean)).toBeLessThan(0.016);
    expect(Math.abs(sd - 1)).toBeLessThan(0.011);
    expect(Math.abs(below / n - 0.05)).toBeLessThan(0.0035);
  });

  it('rejects seeds outside 0..2^32-1', () => {
    expect(() => createRng(-1)).toThrow(RangeError);
    expect(() => createRng(2 ** 32)).toThrow(RangeError);
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng(0xffffffff)).not.toThrow();
  });
});

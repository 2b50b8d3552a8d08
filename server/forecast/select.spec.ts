import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/random';
import { quantileSorted } from './quantile';
import { binnedQuantiles, quantile, quantileInRange, quantiles3, quantilesInBins } from './select';

/** Arrays with ties, infinities at both ends and sizes from one to a few thousand. */
function samples(): Float64Array[] {
  const rng = createRng(5);
  return [1, 2, 3, 4, 10, 21, 1001, 2000].flatMap((n) => [
    Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Infinity : Math.floor(rng.next() * 20))),
    Float64Array.from({ length: n }, (_, i) => (i % 11 === 3 ? -Infinity : rng.normal())),
    Float64Array.from({ length: n }, (_, i) => n - i)
  ]);
}

describe('quantiles by selection', () => {
  it('quantile equals the sorted quantile for random, tied and infinite values', () => {
    for (const a of samples()) {
      const sorted = Float64Array.from(a).sort();
      for (const q of [0, 0.05, 0.1, 0.5, 0.9, 0.95, 1]) {
        expect(quantile(Float64Array.from(a), q), `n=${a.length} q=${q}`).toBe(quantileSorted(sorted, q));
      }
    }
  });

  it('quantiles3 equals three sorted quantiles, including equal and extreme ones', () => {
    const triples: [number, number, number][] = [
      [0.05, 0.5, 0.95],
      [0.1, 0.5, 0.9],
      [0, 0, 1],
      [0.5, 0.5, 0.5],
      [0.3, 0.31, 1]
    ];
    for (const a of samples()) {
      const sorted = Float64Array.from(a).sort();
      for (const qs of triples) {
        const want = qs.map((q) => quantileSorted(sorted, q));
        expect(quantiles3(Float64Array.from(a), ...qs), `n=${a.length} q=${qs.join(',')}`).toEqual(want);
      }
    }
  });

  it('binnedQuantiles equals the sorted quantile, with values below, inside and beyond the bins', () => {
    const rng = createRng(8);
    for (const n of [1, 2, 5, 100, 5000]) {
      const a = Float64Array.from({ length: n }, (_, i) =>
        i % 13 === 0 ? Infinity : i % 17 === 0 ? -Infinity : 2026 + 4 * rng.normal() + (i % 3 === 0 ? Math.floor(rng.next() * 3) : 0)
      );
      const sorted = Float64Array.from(a).sort();
      const qs = [0, 0.01, 0.1, 0.5, 0.9, 0.99, 1];
      const copy = Float64Array.from(a);
      expect(binnedQuantiles(a, 2020, 12, qs), `n=${n}`).toEqual(qs.map((q) => quantileSorted(sorted, q)));
      expect(a).toEqual(copy);
    }
  });

  it('quantilesInBins equals the sorted quantile from counts made elsewhere, in new or reused room', () => {
    const rng = createRng(9);
    // Room left over from another call, full of other numbers, as the forecast reuses it.
    const room = Float64Array.from({ length: 6001 }, () => rng.normal());
    for (const n of [1, 3, 100, 6000]) {
      const a = Float64Array.from({ length: n }, (_, i) => (i % 29 === 0 ? Infinity : i % 31 === 0 ? -Infinity : 2030 + 5 * rng.normal()));
      const counts = new Float64Array(10 + 2);
      for (const v of a) counts[v < 2020 ? 0 : v < 2030 ? 1 + Math.floor(v - 2020) : 11]! += 1;
      const qs = [0, 0.1, 0.5, 0.9, 1];
      const want = qs.map((q) => quantileSorted(Float64Array.from(a).sort(), q));
      expect(quantilesInBins(a, 2020, counts, qs), `n=${n}`).toEqual(want);
      expect(quantilesInBins(a, 2020, counts, qs, room), `n=${n}, reused room`).toEqual(want);
    }
  });

  it('quantilesInBins refuses counts that do not match the values', () => {
    const a = Float64Array.from([2020.5, 2021.5, 2021.7, 2025]);
    expect(() => quantilesInBins(a, 2020, Float64Array.from([0, 1, 2, 0]), [0.5])).toThrow(/add up to 3, not the 4/);
    // Right total, wrong bins: the year 2021 is said to hold one value and 2022 and on two.
    expect(() => quantilesInBins(a, 2020, Float64Array.from([0, 1, 1, 2]), [0.5])).toThrow(/holds 2 values, counted 1/);
  });

  it('quantileInRange equals the sorted quantile when the range holds it, and says NaN when not', () => {
    let inside = 0;
    let outside = 0;
    for (const a of samples()) {
      const sorted = Float64Array.from(a).sort();
      const copy = Float64Array.from(a);
      const room = new Float64Array(a.length).fill(-7);
      for (const q of [0, 0.05, 0.5, 0.95, 1]) {
        const want = quantileSorted(sorted, q);
        const k = Math.floor((a.length - 1) * q);
        // Ranges around the two order statistics read, from just around them to everything.
        for (const [lo, hi] of [
          [sorted[k], sorted[k + 1]],
          [sorted[Math.max(0, k - 3)], sorted[Math.min(a.length - 1, k + 4)]],
          [-Infinity, Infinity],
          [sorted[k + 1], Infinity],
          [-Infinity, sorted[k]]
        ] as [number, number][]) {
          const got = quantileInRange(a, q, lo, hi, room);
          const holds = k + 1 < a.length && lo <= (sorted[k] as number) && (sorted[k + 1] as number) <= hi;
          if (holds) {
            expect(got, `n=${a.length} q=${q} [${lo}, ${hi}]`).toBe(want);
            inside++;
          } else {
            expect(got, `n=${a.length} q=${q} [${lo}, ${hi}]`).toBeNaN();
            outside++;
          }
        }
      }
      expect(a).toEqual(copy);
    }
    expect(inside).toBeGreaterThan(100);
    expect(outside).toBeGreaterThan(50);
  });

  it('refuses quantiles out of order', () => {
    expect(() => quantiles3(new Float64Array(3), 0.9, 0.5, 0.1)).toThrow(/in order/);
  });
});

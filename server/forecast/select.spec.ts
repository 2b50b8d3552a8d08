import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/random';
import { quantileSorted } from './quantile';
import { binnedQuantiles, quantile, quantiles3 } from './select';

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

  it('refuses quantiles out of order', () => {
    expect(() => quantiles3(new Float64Array(3), 0.9, 0.5, 0.1)).toThrow(/in order/);
  });
});

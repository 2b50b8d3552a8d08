import { describe, expect, it } from 'vitest';
import { expectedVariance, gaussianChain } from './collapse-gaussian';

describe('Gaussian refit (Shumailov et al. 2024)', () => {
  const chains = Array.from({ length: 400 }, (_, i) => gaussianChain({ seed: 100 + i, samples: 20, generations: 60 }));

  it('shrinks the variance in expectation by (n - 1) / n a generation', () => {
    for (const g of [5, 10, 20]) {
      const mean = chains.reduce((s, c) => s + (c[g]?.variance ?? NaN), 0) / chains.length;
      const expected = expectedVariance(20, g);
      // 400 chains: the mean of the right-skewed fitted variance has a relative standard error
      // of about 0.05-0.1 up to generation 20 (it grows with g); 25% stays clear of chance and still
      // fails without shrinkage, which would leave the mean near 1 instead of 0.36-0.77.
      expect(Math.abs(mean / expected - 1)).toBeLessThan(0.25);
    }
  });

  it('collapses most chains towards a point: the median variance falls far faster than the mean', () => {
    const v59 = chains.map((c) => c[59]?.variance ?? NaN).sort((a, b) => a - b);
    const median = v59[v59.length >> 1] ?? NaN;
    expect(median).toBeLessThan(0.5 * expectedVariance(20, 59));
    expect(median).toBeLessThan(0.05);
  });
});

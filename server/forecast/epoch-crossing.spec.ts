import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/random';
import { crossingPlan, firstCrossing } from './epoch-crossing';

/** ln D at t, written out from the model's definition: linear through the knots, ends extended. */
function lnDemand(t: number, knotT: number[], lnD: number[], preSlope: number): number {
  if (t < 0) return lnDemand(0, knotT, lnD, preSlope) + t * preSlope;
  let k = 0;
  while (k < knotT.length - 2 && t > (knotT[k + 1] as number)) k++;
  const [t0, t1, v0, v1] = [knotT[k], knotT[k + 1], lnD[k], lnD[k + 1]] as [number, number, number, number];
  return v0 + ((t - t0) * (v1 - v0)) / (t1 - t0);
}

describe('firstCrossing', () => {
  // The shipped table's knots (2025, 2030, 2040, 2050) and an imported file's that start before 2024.
  const knotSets = [
    [1, 6, 16, 26],
    [-4, -1, 0, 3, 11, 26]
  ];

  it('returns the first time the dataset reaches the stock, from paths drawn at random', () => {
    const rng = createRng(11);
    let found = 0;
    for (const knotT of knotSets) {
      const plan = crossingPlan(Float64Array.from(knotT));
      for (let n = 0; n < 500; n++) {
        // Rising paths with kinks, a stock and its growth around the model's ranges (ln tokens).
        const lnD = [31 + rng.normal()];
        for (let k = 1; k < knotT.length; k++)
          lnD.push((lnD[k - 1] as number) + (0.2 + rng.next()) * ((knotT[k] as number) - (knotT[k - 1] as number)));
        const preSlope = 0.3 + rng.next();
        const lnS0 = 33 + rng.normal();
        const lng = 0.05 * rng.next();
        firstCrossing(plan, Float64Array.from(lnD), preSlope, lnS0, lng);
        const t = plan.crossing[0] as number;
        const gap = (x: number) => lnDemand(x, knotT, lnD, preSlope) - (lnS0 + x * lng);
        if (t === Infinity) {
          // Never within 200 years, and falling behind at the end.
          expect(gap(200)).toBeLessThan(0);
          continue;
        }
        if (t === -Infinity) {
          expect(gap(0)).toBeGreaterThanOrEqual(0);
          continue;
        }
        found++;
        expect(Math.abs(gap(t)), `t=${t}`).toBeLessThan(1e-9);
        // No earlier crossing: the gap is negative on a grid of points before t (and after 0 when t > 0).
        for (let x = Math.max(0, t) - 0.001; x > Math.min(0, t) - 1; x -= 0.25) if (x < t) expect(gap(x)).toBeLessThan(0);
      }
    }
    expect(found).toBeGreaterThan(700);
  });
});

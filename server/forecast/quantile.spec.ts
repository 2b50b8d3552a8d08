import { describe, expect, it } from 'vitest';
import { countBelow, quantileSorted } from './quantile';

describe('quantileSorted and countBelow', () => {
  it('interpolates and survives +Infinity', () => {
    const xs = Float64Array.from([1, 2, 3, Infinity]);
    expect(quantileSorted(xs, 0)).toBe(1);
    expect(quantileSorted(xs, 0.5)).toBe(2.5);
    expect(quantileSorted(xs, 2 / 3)).toBe(3);
    expect(quantileSorted(xs, 0.9)).toBe(Infinity);
    expect(quantileSorted(xs, 1)).toBe(Infinity);
    expect(countBelow(xs, 2)).toBe(1);
    expect(countBelow(xs, 2.5)).toBe(2);
    expect(countBelow(xs, Infinity)).toBe(3);
  });

  it('gives NaN for an empty array', () => {
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });
});

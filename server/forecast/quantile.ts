// Order statistics over ascending Float64Arrays, shared by the forecast and the trend bootstrap.

/** Linear interpolation between order statistics (R type 7), safe with +Infinity at the top. */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? Number.NaN;
  const frac = h - lo;
  // Without this guard a + 0 * (Infinity - a) would be NaN.
  if (frac === 0 || lo + 1 >= n) return a;
  const b = sorted[lo + 1] ?? Number.NaN;
  if (b === Infinity) return Infinity;
  return a + frac * (b - a);
}

/** Number of entries strictly below x in an ascending array (binary search). */
export function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

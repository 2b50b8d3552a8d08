// Quantiles of unsorted Float64Arrays by selection (Hoare's), O(n) instead of a sort: the
// forecast reads three quantiles of 100,000 crossing years and three of each curve's 2,000 values
// per year. Every value equals quantileSorted's on the sorted array (R type 7, +Infinity safe).

/**
 * The q-quantile (linear between order statistics, as quantileSorted) of an unsorted array.
 * Reorders `a`.
 */
export function quantile(a: Float64Array, q: number): number {
  const n = a.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  select(a, lo, 0, n - 1);
  return interpolate(a, h, lo, a[lo] as number, least(a, lo + 1, n - 1));
}

/**
 * Three quantiles q1 <= q2 <= q3 at once: the middle one over the whole array, then the others
 * each within the part the middle one's selection left on its side, so the work is about that of
 * two selections. Reorders `a`.
 */
export function quantiles3(a: Float64Array, q1: number, q2: number, q3: number): [number, number, number] {
  const n = a.length;
  if (n === 0) return [Number.NaN, Number.NaN, Number.NaN];
  if (!(q1 <= q2 && q2 <= q3)) throw new RangeError(`quantiles must be in order, got ${q1}, ${q2}, ${q3}`);
  const h2 = (n - 1) * q2;
  const k2 = Math.floor(h2);
  select(a, k2, 0, n - 1);
  // Now a[0..k2] are the k2 + 1 smallest and a[k2] the largest of them; the rest lie above.
  const x2 = a[k2] as number;
  const y2 = least(a, k2 + 1, n - 1);
  const v2 = interpolate(a, h2, k2, x2, y2);
  const h3 = (n - 1) * q3;
  const k3 = Math.floor(h3);
  // Selecting within [k2, n - 1] leaves [0, k2 - 1] as it is.
  select(a, k3, k2, n - 1);
  const v3 = interpolate(a, h3, k3, a[k3] as number, least(a, k3 + 1, n - 1));
  const h1 = (n - 1) * q1;
  const k1 = Math.floor(h1);
  let v1: number;
  if (k1 === k2) v1 = interpolate(a, h1, k1, x2, y2);
  else {
    // [0, k2 - 1] holds the k2 smallest, and x2 is the next.
    select(a, k1, 0, k2 - 1);
    v1 = interpolate(a, h1, k1, a[k1] as number, Math.min(least(a, k1 + 1, k2 - 1), x2));
  }
  return [v1, v2, v3];
}

/**
 * The q-quantile of `a` (as `quantile`) when both order statistics it reads lie in [lo, hi]; NaN
 * when they do not, or when lo or hi is NaN. One pass counts the values below the range and copies
 * those inside into `room` (as long as `a`), and the selection runs on those alone: with a good
 * guess of the range, a few dozen values instead of all. `a` is left as it is; its values must be
 * numbers (a NaN counts as above the range).
 */
export function quantileInRange(a: Float64Array, q: number, lo: number, hi: number, room: Float64Array): number {
  const n = a.length;
  const h = (n - 1) * q;
  const k = Math.floor(h);
  if (n === 0 || k + 1 >= n) return Number.NaN;
  let below = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i] as number;
    if (v < lo) below++;
    else if (v <= hi) room[m++] = v;
  }
  const j = k - below;
  if (j < 0 || j + 1 >= m) return Number.NaN;
  select(room, j, 0, m - 1);
  return interpolate(a, h, k, room[j] as number, least(room, j + 1, m - 1));
}

/** The value at h between order statistics lo = floor(h) (x) and lo + 1 (y), as quantileSorted reads it. */
function interpolate(a: Float64Array, h: number, lo: number, x: number, y: number): number {
  const frac = h - lo;
  if (frac === 0 || lo + 1 >= a.length) return x;
  // Without this guard x + frac * (Infinity - x) would be NaN at x = Infinity, as in quantileSorted.
  if (y === Infinity) return Infinity;
  return x + frac * (y - x);
}

/** The least of a[from..to] (Infinity when empty). */
function least(a: Float64Array, from: number, to: number): number {
  let y = Infinity;
  for (let i = from; i <= to; i++) if ((a[i] as number) < y) y = a[i] as number;
  return y;
}

/** Hoare's selection with a median-of-three pivot: a[k] ends up the k-th smallest of a[l..r]. */
function select(a: Float64Array, k: number, l: number, r: number): void {
  while (r > l) {
    const m = (l + r) >>> 1;
    // Median of three as the pivot keeps sorted or reversed input linear.
    if ((a[m] as number) < (a[l] as number)) swap(a, m, l);
    if ((a[r] as number) < (a[l] as number)) swap(a, r, l);
    if ((a[r] as number) < (a[m] as number)) swap(a, r, m);
    const pivot = a[m] as number;
    let i = l;
    let j = r;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const x = a[i] as number;
  a[i] = a[j] as number;
  a[j] = x;
}

/**
 * Quantiles of values that fall in unit-wide bins from `from` (one bin below it, one at or above
 * `from + years`, with the infinities): the bins are ordered, so each order statistic is selected
 * among the values of the one bin that holds it, a few thousand of the forecast's 100,000 crossing
 * years instead of all of them. Same values as `quantile`; `values` is left as it is.
 */
export function binnedQuantiles(values: Float64Array, from: number, years: number, qs: readonly number[]): number[] {
  const counts = new Float64Array(years + 2);
  for (let i = 0; i < values.length; i++) (counts[binOf(values[i] as number, from, from + years, years + 1)] as number)++;
  return quantilesInBins(values, from, counts, qs);
}

/**
 * binnedQuantiles with the bins already counted (`counts`: below `from`, then one per year, then
 * at or above the top), as the forecast counts its crossings while drawing them: one pass over
 * `values` gathers the bins that hold the order statistics, and only those are selected in.
 * `room`, if given, holds the gathered values (at most values.length of them) instead of a new
 * array.
 */
export function quantilesInBins(
  values: Float64Array,
  from: number,
  counts: Float64Array,
  qs: readonly number[],
  room?: Float64Array
): number[] {
  const n = values.length;
  if (n === 0) return qs.map(() => Number.NaN);
  const nb = counts.length;
  const top = from + nb - 2;
  const start = new Float64Array(nb + 1);
  for (let b = 0; b < nb; b++) start[b + 1] = (start[b] as number) + (counts[b] as number);
  if (start[nb] !== n) throw new RangeError(`bin counts add up to ${start[nb]}, not the ${n} values`);
  const binOfRank = (k: number): number => {
    let b = 0;
    while ((start[b + 1] as number) <= k) b++;
    return b;
  };
  // The bins the order statistics (and the next ones up) fall in, laid end to end in `gathered`
  // from at[b]; every other bin writes to one spare slot at the end, so the pass has no branch
  // on whether a value is kept (which bin a crossing year falls in is a coin toss).
  const kept = new Uint8Array(nb);
  for (const q of qs) {
    const lo = Math.floor((n - 1) * q);
    kept[binOfRank(lo)] = 1;
    kept[binOfRank(Math.min(n - 1, lo + 1))] = 1;
  }
  const at = new Int32Array(nb);
  let size = 0;
  for (let b = 0; b < nb; b++) {
    if (kept[b] === 0) continue;
    at[b] = size;
    size += counts[b] as number;
  }
  for (let b = 0; b < nb; b++) if (kept[b] === 0) at[b] = size;
  const gathered = room && room.length > size ? room : new Float64Array(size + 1);
  const next = at.slice();
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const b = binOf(v, from, top, nb - 1);
    const j = next[b] as number;
    gathered[j] = v;
    next[b] = j + (kept[b] as number);
  }
  for (let b = 0; b < nb; b++) {
    const got = (next[b] as number) - (at[b] as number);
    if (kept[b] === 1 && got !== counts[b]) throw new RangeError(`bin ${b} holds ${got} values, counted ${counts[b]}`);
  }
  return qs.map((q) => {
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    const b = binOfRank(lo);
    const first = at[b] as number;
    const end = first + (counts[b] as number) - 1;
    const k = first + lo - (start[b] as number);
    select(gathered, k, first, end);
    const x = gathered[k] as number;
    if (lo + 1 >= n) return interpolate(values, h, lo, x, Infinity);
    let y: number;
    if (k < end) y = least(gathered, k + 1, end);
    else {
      // The next order statistic is the least of the next bin that holds any value.
      const up = binOfRank(lo + 1);
      y = least(gathered, at[up] as number, (at[up] as number) + (counts[up] as number) - 1);
    }
    return interpolate(values, h, lo, x, y);
  });
}

/** The bin of v: 0 below `from`, 1 + whole years above it up to `top`, `overflow` at or above. */
function binOf(v: number, from: number, top: number, overflow: number): number {
  return v < from ? 0 : v < top ? 1 + Math.floor(v - from) : overflow;
}

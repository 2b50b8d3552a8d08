// Live demand defaults: a bootstrap of the log-linear trend of training-set sizes over time.
//
// The forecast's demand is the LARGEST training dataset, not a typical one, so fitting every run
// (fine-tunes, small research models) would put the level orders of magnitude too low and could
// bend the slope. Callers should pass only the frontier: frontierPoints() below, or `topQuantile`.
import { quantileSorted } from './quantile';
import { createRng } from '../lib/random';

export interface TrendPoint {
  /** Decimal year (2023.6). */
  year: number;
  tokens: number;
}

interface TrendOptions {
  resamples: number;
  seed: number;
  /** Decimal year at which the trend line's level is reported. */
  asOf: number;
  /**
   * Optional frontier filter applied before fitting: keep a point only if its tokens are at or
   * above this quantile (0..1) of the points from the same calendar year. A year with one point
   * keeps it. Use frontierPoints() for the rolling definition instead.
   */
  topQuantile?: number;
}

export interface Band {
  p5: number;
  p50: number;
  p95: number;
}

export interface TrendResult {
  /** Tokens on the trend line at asOf. */
  level: Band;
  /** Yearly growth factor, 10^slope. */
  growth: Band;
  /** Points fitted (after any topQuantile filter). */
  n: number;
  /** First and last decimal year fitted. */
  from: number;
  to: number;
}

export function bootstrapTrend(points: readonly TrendPoint[], opts: TrendOptions): TrendResult {
  const { resamples, seed, asOf, topQuantile } = opts;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  }
  if (!Number.isFinite(asOf)) throw new RangeError(`asOf must be finite, got ${asOf}`);
  let usable = points.filter((p) => Number.isFinite(p.year) && Number.isFinite(p.tokens) && p.tokens > 0);
  if (topQuantile !== undefined) usable = topWithinYear(usable, topQuantile);
  const n = usable.length;
  const firstYear = usable[0]?.year;
  if (n < 3 || usable.every((p) => p.year === firstYear)) {
    throw new RangeError(`a trend needs at least 3 points over 2 distinct dates, got ${n}`);
  }

  // Centring the years keeps the normal equations well conditioned (2024^2 is large next to the
  // spread of a few years) and makes the intercept the level at the mean year.
  let meanYear = 0;
  for (const p of usable) meanYear += p.year / n;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let from = Infinity;
  let to = -Infinity;
  usable.forEach((p, i) => {
    x[i] = p.year - meanYear;
    y[i] = Math.log10(p.tokens);
    from = Math.min(from, p.year);
    to = Math.max(to, p.year);
  });
  const dx = asOf - meanYear;

  const rng = createRng(seed);
  const slopes = new Float64Array(resamples);
  const levels = new Float64Array(resamples);
  // A resample that happens to pick a single date has no slope; it is redrawn rather than
  // dropped so that every run reports exactly `resamples` fits. The cap only guards against a
  // pathological input (two dates, one of them a single point, tiny n) looping for long.
  const maxAttempts = resamples * 100;
  let done = 0;
  for (let attempt = 0; done < resamples && attempt < maxAttempts; attempt++) {
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let k = 0; k < n; k++) {
      // Modulo bias is at most n / 2^32, negligible for any realistic number of training runs.
      const i = rng.nextUint32() % n;
      const xi = x[i] ?? 0;
      const yi = y[i] ?? 0;
      sx += xi;
      sy += yi;
      sxx += xi * xi;
      sxy += xi * yi;
    }
    const den = n * sxx - sx * sx;
    if (!(den > 1e-12 * n * n)) continue;
    const slope = (n * sxy - sx * sy) / den;
    const intercept = (sy - slope * sx) / n;
    slopes[done] = slope;
    levels[done] = intercept + slope * dx;
    done++;
  }
  if (done < resamples) throw new RangeError('too few resamples had two distinct dates; add data');

  slopes.sort();
  levels.sort();
  const level = mapBand(levels, (v) => 10 ** v);
  const growth = mapBand(slopes, (v) => 10 ** v);
  // A steep fit carried far from its data (runs days apart and orders of magnitude apart, read at
  // an as_of decades on) can leave what a double holds: 10^400 tokens is Infinity, 10^-400 is 0,
  // and no lognormal has such a percentile. Such a trend says nothing; the caller falls back.
  for (const [what, b] of [
    ['level', level],
    ['growth', growth]
  ] as const) {
    if (!(b.p5 > 0 && b.p95 < Infinity)) {
      throw new RangeError(`the trend's ${what} at ${asOf.toFixed(2)} is beyond what a number can hold (p5 ${b.p5}, p95 ${b.p95})`);
    }
  }
  return { level, growth, n, from, to };
}

function mapBand(sorted: Float64Array, f: (v: number) => number): Band {
  return {
    p5: f(quantileSorted(sorted, 0.05)),
    p50: f(quantileSorted(sorted, 0.5)),
    p95: f(quantileSorted(sorted, 0.95))
  };
}

function topWithinYear(points: TrendPoint[], q: number): TrendPoint[] {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`topQuantile must be in 0..1, got ${q}`);
  const byYear = new Map<number, number[]>();
  for (const p of points) {
    const key = Math.floor(p.year);
    const list = byYear.get(key);
    if (list) list.push(p.tokens);
    else byYear.set(key, [p.tokens]);
  }
  const cut = new Map<number, number>();
  for (const [year, tokens] of byYear) {
    cut.set(year, quantileSorted(Float64Array.from(tokens).sort(), q));
  }
  return points.filter((p) => p.tokens >= (cut.get(Math.floor(p.year)) ?? Infinity));
}

/**
 * The frontier of training-set sizes: a point is kept when fewer than `topN` points dated within
 * [year - windowYears, year] (its own date included) are strictly larger, i.e. it was among the
 * top 10 when it appeared. Returned sorted by year.
 *
 * Why top-N rather than the running maximum: the record-setters alone are a handful of points, so
 * the bootstrap slope swings with each one, and a single mis-reported giant would hide every later
 * run until something beats it. Top-10 at release keeps enough points for a stable fit while still
 * tracking the largest runs. Unlike Epoch AI's frontier, which ranks models by training compute,
 * this ranks by dataset size (the simple model's choice; the Epoch model's live inputs use
 * computeFrontier in epoch/live.ts). The
 * default window is unbounded; a finite window lets the frontier recover from an outlier after
 * `windowYears`.
 *
 * Cost is O(n log n + n * w) for w points per window, fine for the thousands of runs on record.
 */
export function frontierPoints(points: readonly TrendPoint[], windowYears = Infinity, topN = 10): TrendPoint[] {
  if (!(windowYears >= 0)) throw new RangeError(`windowYears must be >= 0, got ${windowYears}`);
  if (!Number.isInteger(topN) || topN < 1) throw new RangeError(`topN must be a positive integer, got ${topN}`);
  const sorted = points.filter((p) => Number.isFinite(p.year) && Number.isFinite(p.tokens) && p.tokens > 0).sort((a, b) => a.year - b.year);
  const kept: TrendPoint[] = [];
  let start = 0;
  let end = 0;
  for (const p of sorted) {
    while (start < sorted.length && (sorted[start]?.year ?? Infinity) < p.year - windowYears) start++;
    while (end < sorted.length && (sorted[end]?.year ?? Infinity) <= p.year) end++;
    let larger = 0;
    for (let j = start; j < end && larger < topN; j++) {
      if ((sorted[j]?.tokens ?? 0) > p.tokens) larger++;
    }
    if (larger < topN) kept.push(p);
  }
  return kept;
}

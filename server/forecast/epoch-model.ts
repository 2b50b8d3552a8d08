// Epoch AI's data-exhaustion model (Villalobos et al., ICML 2024), rebuilt: per draw, a stock of
// human text S(t) and a largest training dataset D(t), both exponential in t (years of 365 days
// from 2024-01-01) except the compute-based D, which follows a compute projection. The stock is
// used up when D(t) >= S(t). Since every path of D/S rises, P(D(y) >= S(y)) at year y equals the
// share of draws whose crossing year is before y, so the exhaustion quantiles are quantiles of the
// per-draw crossing years (checked against a direct P(D >= S) computation in bench/epoch-check.py).
import { createRng } from '../lib/random';
import { quantileSorted } from './quantile';
import { normalCdf, pathAt, type ComputeProjection } from './epoch-compute-projection';
import { FLOP_PER_PARAMETER_TOKEN, ORIGIN_YEAR, TOKENS_PER_PARAMETER } from './epoch-inputs';

export type Branch = 'historical' | 'compute' | 'pooled';

export interface Normal {
  mu: number;
  sigma: number;
}

/** ln of each stock factor; bytes per token is 6 - X with ln X ~ bytesPerTokenOffset. */
export interface StockSetup {
  pages: Normal;
  bytesPerPage: Normal;
  bytesPerTokenOffset: Normal;
  sizeGrowth: Normal;
  countGrowth: Normal;
  quality: Normal;
  repetition: Normal;
  /** Share of new text that is AI-written and displaces human text (0 = Epoch's model). */
  aiShare: number;
}

/** Level and growth drawn independently, as Epoch draws them (ln tokens in 2024, ln per year). */
export interface IndependentDemand {
  kind: 'independent';
  level: Normal;
  growth: Normal;
}

/**
 * Level and slope drawn as bootstrap pairs (they correlate strongly), plus an optional scatter
 * around the line (`residualSd`). The live projection passes 0: the scatter of single frontier
 * runs would predict a random frontier run, not the largest (epoch-live.ts).
 */
export interface PairedDemand {
  kind: 'pairs';
  /** ln tokens on 2024-01-01 of each resample's line. */
  levels: Float64Array;
  /** ln per year of each resample, paired with levels by index. */
  slopes: Float64Array;
  /** Standard deviation of a run around the line, ln. */
  residualSd: number;
}

export interface EpochSetup {
  stock: StockSetup;
  historical: IndependentDemand | PairedDemand;
  compute: {
    projection: ComputeProjection;
    /** Growth of compute before 2024, ln per year (the projection starts later). */
    preGrowth: Normal;
    /** Every path at this normal quantile instead of drawn (the tornado's ends). */
    fixedZ?: number;
  };
}

export interface EpochRunOptions {
  branch: Branch;
  /** Tokens per parameter over compute-optimal; the dataset grows by sqrt(k) at the same compute. */
  overtraining: number;
  draws: number;
  seed: number;
  /** Decimal year of the forecast: crossings before it are "already". */
  asOf: number;
  /** Calendar years covered by the curves and probabilities. */
  fromYear: number;
  toYear: number;
  /** Draws the curves' percentiles are read from (the first ones); default 4,000. */
  bandDraws?: number;
}

export interface Band {
  year: number;
  p5: number;
  p50: number;
  p95: number;
}

export interface EpochRun {
  exhaustion: { median_year: number | null; p10_year: number | null; p90_year: number | null };
  probability_by_year: { year: number; p: number }[];
  histogram: { year: number; share: number }[];
  stock: Band[];
  demand: Band[];
  outcomes: { crossing: number; never: number; already: number; beyond_horizon: number };
}

const LN10 = Math.LN10;
/** ln D = ln 20 + (ln C - ln 120) / 2: Chinchilla's D = 20 N with C = 6 N D. */
const LN_TPP = Math.log(TOKENS_PER_PARAMETER);
const LN_6TPP = Math.log(FLOP_PER_PARAMETER_TOKEN * TOKENS_PER_PARAMETER);
/** A token is at least one byte; Epoch's 6 - X goes below that (or negative) in 0.5% of draws. */
const MIN_BYTES_PER_TOKEN = 1;

export function runEpoch(setup: EpochSetup, opts: EpochRunOptions): EpochRun {
  const { draws, seed, branch, asOf, fromYear, toYear } = opts;
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`draws must be a positive integer, got ${draws}`);
  if (!(opts.overtraining >= 1)) throw new RangeError(`overtraining must be >= 1, got ${opts.overtraining}`);
  if (!(toYear >= fromYear)) throw new RangeError('toYear must not precede fromYear');
  const s = setup.stock;
  // Products of independent lognormals are lognormal: the four level factors are one normal in
  // logs, the two growth factors another. Exact, and three normals per draw instead of seven.
  const base = sum([s.pages, s.bytesPerPage, s.quality, s.repetition]);
  const growth = sum([s.sizeGrowth, s.countGrowth]);
  const ai = s.aiShare;
  const lnOver = 0.5 * Math.log(opts.overtraining);
  const hist = setup.historical;
  const proj = setup.compute.projection;
  const pre = setup.compute.preGrowth;
  const fixedZ = setup.compute.fixedZ;
  const knotT = proj.years.map((y) => y - ORIGIN_YEAR);
  const nk = knotT.length;
  const knotC = new Float64Array(nk);
  const demandAtKnot = new Float64Array(nk);

  const years: number[] = [];
  for (let y = fromYear; y <= toYear; y++) years.push(y);
  const bandN = Math.min(draws, opts.bandDraws ?? 2000);
  const gridT = years.map((y) => y - ORIGIN_YEAR);
  // The first bandN draws keep their paths' parameters; the curves' percentiles are read from them
  // after the loop (a sample of 2,000 puts the 5th percentile within about 0.05 sd of its value).
  const bandS0 = new Float64Array(bandN);
  const bandG = new Float64Array(bandN);
  const bandD0 = new Float64Array(bandN);
  const bandDG = new Float64Array(bandN);
  const bandCompute = new Uint8Array(bandN);
  const bandKnots = new Float64Array(bandN * nk);
  const bandPre = new Float64Array(bandN);
  // Crossings counted by year as they come, so no sort of all draws is needed for the
  // probabilities; the three quantiles are found by selection.
  const horizonEnd = toYear + 1;
  const perYear = new Float64Array(years.length);
  let before = 0;
  let already = 0;
  let never = 0;

  const rng = createRng(seed);
  const t = new Float64Array(draws);
  for (let i = 0; i < draws; i++) {
    // A fixed number of normals per draw in a fixed order for each branch (five for historical
    // draws, four for compute ones): runs of one branch with the same seed share their random
    // numbers input by input, so a change of one input moves each draw and a comparison (tornado,
    // overtraining) is not blurred by resampling noise.
    const useCompute = branch === 'compute' || (branch === 'pooled' && (i & 1) === 1);
    const z1 = rng.normal();
    const z2 = rng.normal();
    const z3 = rng.normal();
    const z4 = rng.normal();
    const z5 = useCompute ? 0 : rng.normal();
    const bytesPerToken = Math.max(MIN_BYTES_PER_TOKEN, 6 - Math.exp(s.bytesPerTokenOffset.mu + s.bytesPerTokenOffset.sigma * z2));
    const lnS0 = base.mu + base.sigma * z1 - Math.log(bytesPerToken);
    let lng = growth.mu + growth.sigma * z3;
    // AI-share scenario: AI text displaces human text, so only (1 - a) of new text adds to the stock.
    if (ai > 0 && lng > 0) lng = Math.log(1 + Math.expm1(lng) * (1 - ai));

    let cross: number;
    let lnD0 = 0;
    let lnG = 0;
    let preSlope = 0;
    if (!useCompute) {
      if (hist.kind === 'independent') {
        lnD0 = hist.level.mu + hist.level.sigma * z4 + lnOver;
        lnG = hist.growth.mu + hist.growth.sigma * z5;
      } else {
        const j = Math.min(hist.levels.length - 1, Math.floor(normalCdf(z4) * hist.levels.length));
        lnD0 = (hist.levels[j] as number) + hist.residualSd * z5 + lnOver;
        lnG = hist.slopes[j] as number;
      }
      // ln D - ln S is a straight line in t; it rises unless the dataset grows slower than the stock.
      cross = lnG > lng ? (lnS0 - lnD0) / (lnG - lng) : Infinity;
    } else {
      const zc = fixedZ ?? z4;
      pathAt(proj, zc, knotC);
      for (let k = 0; k < nk; k++) demandAtKnot[k] = LN_TPP + 0.5 * ((knotC[k] as number) * LN10 - LN_6TPP) + lnOver;
      // Before 2024 the path is carried back at the compute trend, at the path's own quantile.
      preSlope = 0.5 * (pre.mu + pre.sigma * zc);
      cross = firstCrossing(knotT, demandAtKnot, preSlope, lnS0, lng);
    }
    const year = ORIGIN_YEAR + cross;
    t[i] = year;
    if (year < asOf) already++;
    if (year === Infinity) never++;
    else if (year < fromYear) before++;
    else if (year < horizonEnd) (perYear[Math.floor(year - fromYear)] as number)++;

    if (i < bandN) {
      bandS0[i] = lnS0;
      bandG[i] = lng;
      bandD0[i] = lnD0;
      bandDG[i] = lnG;
      bandCompute[i] = useCompute ? 1 : 0;
      if (useCompute) bandKnots.set(demandAtKnot, i * nk);
      bandPre[i] = preSlope;
    }
  }

  let cum = before;
  const byYear = years.map((year, k) => {
    cum += perYear[k] as number;
    return { year, p: cum / draws };
  });
  const beforeEnd = cum;
  const within = (q: number): number | null => {
    const v = quantile(t, q);
    return Number.isFinite(v) && v < horizonEnd ? v : null;
  };
  const exhaustion = { median_year: within(0.5), p10_year: within(0.1), p90_year: within(0.9) };

  const scratch = new Float64Array(bandN);
  const knots = new Float64Array(nk);
  const band = (year: number, value: (i: number) => number): Band => {
    for (let i = 0; i < bandN; i++) scratch[i] = value(i);
    scratch.sort();
    return {
      year,
      p5: Math.exp(quantileSorted(scratch, 0.05)),
      p50: Math.exp(quantileSorted(scratch, 0.5)),
      p95: Math.exp(quantileSorted(scratch, 0.95))
    };
  };
  const stock = years.map((year, k) => band(year, (i) => (bandS0[i] as number) + (gridT[k] as number) * (bandG[i] as number)));
  const demand = years.map((year, k) => {
    const tk = gridT[k] as number;
    return band(year, (i) => {
      if (bandCompute[i] === 0) return (bandD0[i] as number) + tk * (bandDG[i] as number);
      knots.set(bandKnots.subarray(i * nk, i * nk + nk));
      return computeDemandAt(tk, knotT, knots, bandPre[i] as number);
    });
  });

  return {
    exhaustion,
    // "Used up by year Y" means before the end of Y: a crossing at 2028.4 counts for 2028.
    probability_by_year: byYear,
    histogram: years.map((year, k) => ({ year, share: (perYear[k] as number) / draws })),
    stock,
    demand,
    outcomes: { crossing: beforeEnd - already, already, beyond_horizon: draws - beforeEnd - never, never }
  };
}

/**
 * The q-quantile (linear between order statistics, as quantileSorted) of an unsorted array, by
 * selection: O(n) instead of a sort. Reorders `a`.
 */
export function quantile(a: Float64Array, q: number): number {
  const n = a.length;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const x = select(a, lo, 0, n - 1);
  const frac = h - lo;
  if (frac === 0 || lo + 1 >= n) return x;
  // The next order statistic is the smallest of the part above lo after selection.
  let y = Infinity;
  for (let i = lo + 1; i < n; i++) if ((a[i] as number) < y) y = a[i] as number;
  if (y === Infinity) return Infinity;
  return x + frac * (y - x);
}

/** Hoare's selection with a median-of-three pivot: a[k] ends up the k-th smallest of a[l..r]. */
function select(a: Float64Array, k: number, l: number, r: number): number {
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
    else return a[k] as number;
  }
  return a[k] as number;
}

function swap(a: Float64Array, i: number, j: number): void {
  const x = a[i] as number;
  a[i] = a[j] as number;
  a[j] = x;
}

/** Normal in logs of a product of independent lognormals. */
function sum(parts: Normal[]): Normal {
  let mu = 0;
  let v = 0;
  for (const p of parts) {
    mu += p.mu;
    v += p.sigma * p.sigma;
  }
  return { mu, sigma: Math.sqrt(v) };
}

/** ln D at time t of a compute path given at knots (linear between, last segments extended). */
export function computeDemandAt(t: number, knotT: readonly number[], lnD: Float64Array, preSlope: number): number {
  if (t < 0) return computeDemandAt(0, knotT, lnD, preSlope) + t * preSlope;
  const n = knotT.length;
  let k = 0;
  while (k < n - 2 && t > (knotT[k + 1] as number)) k++;
  const t0 = knotT[k] as number;
  const v0 = lnD[k] as number;
  return v0 + ((t - t0) * ((lnD[k + 1] as number) - v0)) / ((knotT[k + 1] as number) - t0);
}

/**
 * First t where the compute path's ln D reaches ln S0 + t lng. f = ln D - ln S is piecewise linear
 * with breaks at t = 0 and the knots after it, so each piece is solved exactly.
 */
function firstCrossing(knotT: readonly number[], lnD: Float64Array, preSlope: number, lnS0: number, lng: number): number {
  let t0 = 0;
  let f0 = computeDemandAt(0, knotT, lnD, preSlope) - lnS0;
  if (f0 >= 0) {
    const slope = preSlope - lng;
    return slope > 0 ? -f0 / slope : -Infinity;
  }
  for (const tk of knotT) {
    if (tk <= t0) continue;
    const fk = computeDemandAt(tk, knotT, lnD, preSlope) - (lnS0 + tk * lng);
    if (fk >= 0) return t0 + (-f0 * (tk - t0)) / (fk - f0);
    t0 = tk;
    f0 = fk;
  }
  const slope = computeDemandAt(t0 + 1, knotT, lnD, preSlope) - (lnS0 + (t0 + 1) * lng) - f0;
  return slope > 0 ? t0 - f0 / slope : Infinity;
}

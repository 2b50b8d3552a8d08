// Epoch AI's data-exhaustion model (Villalobos et al., ICML 2024), rebuilt: per draw, a stock of
// human text S(t) and a largest training dataset D(t), both exponential in t (years of 365 days
// from 2024-01-01) except the compute-based D, which follows a compute projection. The stock is
// used up when D(t) >= S(t). Since every path of D/S rises, P(D(y) >= S(y)) at year y equals the
// share of draws whose crossing year is before y, so the exhaustion quantiles are quantiles of the
// per-draw crossing years (checked against a direct P(D >= S) computation in bench/epoch-check.py).
import { createRng } from '../lib/random';
import { demandBands, stockBands, type Band } from './epoch-bands';
import { normalCdf, pathAt, Z975, type ComputeProjection, type TableProjection } from './epoch-compute-projection';
import { crossingPlan, firstCrossing } from './epoch-crossing';
import { bandDraws, bandRoom, bandScratch, crossingYears, gatherRoom } from './epoch-scratch';
import { quantilesInBins } from './select';
import { FLOP_PER_PARAMETER_TOKEN, ORIGIN_YEAR, TOKENS_PER_PARAMETER } from './epoch-inputs';

export type { Band } from './epoch-bands';

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

interface EpochRunOptions {
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
  /** Draws the curves' percentiles are read from (the first ones); default 2,000. */
  bandDraws?: number;
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
/** Draws per block of normals: 5,120 numbers, drawn in one loop and read while in cache. */
const BLOCK = 1024;

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
  const bd = bandDraws(bandN, nk);
  // Crossings counted by year as they come, so no sort of all draws is needed for the
  // probabilities; the three quantiles are found by selection.
  const horizonEnd = toYear + 1;
  const perYear = new Float64Array(years.length);
  let before = 0;
  let already = 0;
  let never = 0;

  const rng = createRng(seed);
  const t = crossingYears(draws);
  // The inputs' constants read once, out of their objects: the loop below runs 100,000 times.
  const baseMu = base.mu;
  const baseSd = base.sigma;
  const btMu = s.bytesPerTokenOffset.mu;
  const btSd = s.bytesPerTokenOffset.sigma;
  const gMu = growth.mu;
  const gSd = growth.sigma;
  const preMu = pre.mu;
  const preSd = pre.sigma;
  const knots = Float64Array.from(knotT);
  // The table's split normal: each knot's scale above and below the median, as pathAt computes it.
  const table = proj.kind === 'table' ? splitScales(proj) : null;
  const plan = crossingPlan(knots);
  // Normals come in blocks, drawn by one tight loop, in the order the draws read them.
  const zs = new Float64Array(BLOCK * 5);
  for (let i0 = 0; i0 < draws; i0 += BLOCK) {
    const i1 = Math.min(draws, i0 + BLOCK);
    const computeDraws = branch === 'compute' ? i1 - i0 : branch === 'pooled' ? (i1 >> 1) - (i0 >> 1) : 0;
    rng.fillNormals(zs, 0, 5 * (i1 - i0) - computeDraws);
    let p = 0;
    for (let i = i0; i < i1; i++) {
      // A fixed number of normals per draw in a fixed order for each branch (five for historical
      // draws, four for compute ones): runs of one branch with the same seed share their random
      // numbers input by input, so a change of one input moves each draw and a comparison (tornado,
      // overtraining) is not blurred by resampling noise.
      const useCompute = branch === 'compute' || (branch === 'pooled' && (i & 1) === 1);
      const z1 = zs[p] as number;
      const z2 = zs[p + 1] as number;
      const z3 = zs[p + 2] as number;
      const z4 = zs[p + 3] as number;
      const z5 = useCompute ? 0 : (zs[p + 4] as number);
      p += useCompute ? 4 : 5;
      const bytesPerToken = Math.max(MIN_BYTES_PER_TOKEN, 6 - Math.exp(btMu + btSd * z2));
      const lnS0 = baseMu + baseSd * z1 - Math.log(bytesPerToken);
      let lng = gMu + gSd * z3;
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
        if (table) {
          const scale = zc >= 0 ? table.up : table.down;
          const median = table.median;
          for (let k = 0; k < nk; k++) {
            const c = (median[k] as number) + zc * (scale[k] as number);
            demandAtKnot[k] = LN_TPP + 0.5 * (c * LN10 - LN_6TPP) + lnOver;
          }
        } else {
          pathAt(proj, zc, knotC);
          for (let k = 0; k < nk; k++) demandAtKnot[k] = LN_TPP + 0.5 * ((knotC[k] as number) * LN10 - LN_6TPP) + lnOver;
        }
        // Before 2024 the path is carried back at the compute trend, at the path's own quantile.
        preSlope = 0.5 * (preMu + preSd * zc);
        firstCrossing(plan, demandAtKnot, preSlope, lnS0, lng);
        cross = plan.crossing[0] as number;
      }
      const year = ORIGIN_YEAR + cross;
      t[i] = year;
      if (year < asOf) already++;
      if (year === Infinity) never++;
      else if (year < fromYear) before++;
      else if (year < horizonEnd) (perYear[Math.floor(year - fromYear)] as number)++;

      if (i < bandN) {
        bd.s0[i] = lnS0;
        bd.g[i] = lng;
        bd.d0[i] = lnD0;
        bd.dg[i] = lnG;
        bd.compute[i] = useCompute ? 1 : 0;
        if (useCompute) bd.knots.set(demandAtKnot, i * nk);
        bd.pre[i] = preSlope;
      }
    }
  }

  let cum = before;
  const byYear = years.map((year, k) => {
    cum += perYear[k] as number;
    return { year, p: cum / draws };
  });
  const beforeEnd = cum;
  // The crossings' bins as the loop counted them: before the first year, each year, the rest.
  const bins = new Float64Array(years.length + 2);
  bins[0] = before;
  bins.set(perYear, 1);
  bins[years.length + 1] = draws - beforeEnd;
  const [p10, p50, p90] = quantilesInBins(t, fromYear, bins, [0.1, 0.5, 0.9], gatherRoom(draws)) as [number, number, number];
  const within = (v: number): number | null => (Number.isFinite(v) && v < horizonEnd ? v : null);
  const exhaustion = { median_year: within(p50), p10_year: within(p10), p90_year: within(p90) };

  // The curves' percentiles: each year's values of the band draws, three order statistics each.
  const scratch = bandScratch(bandN);
  const room = bandRoom(bandN);
  const stock = stockBands(bd, years, gridT, scratch, room);
  const demand = demandBands(bd, years, gridT, knots, scratch, room);

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

/** The table's scale of each knot above and below its median: pathAt's split normal, computed once. */
function splitScales(p: TableProjection): { median: Float64Array; up: Float64Array; down: Float64Array } {
  const n = p.years.length;
  const median = new Float64Array(n);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = p.median[i] as number;
    median[i] = m;
    up[i] = ((p.hi[i] as number) - m) / Z975;
    down[i] = (m - (p.lo[i] as number)) / Z975;
  }
  return { median, up, down };
}

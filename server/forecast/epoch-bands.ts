// The forecast's curves: each year's 5th, 50th and 95th percentile of the stock and of the dataset
// over the first draws of a run (the band draws), from the paths' parameters the draw loop kept.
// Plain functions over typed arrays, not closures made per run: a closure made anew on each run
// is a new call target, and V8 threw away its optimized code for the year loops on every run.
import { segmentAt } from './epoch-crossing';
import { quantileInRange, quantiles3 } from './select';

/** Each band draw's path: stock ln S0 + t g; a historical dataset ln D0 + t dg; a compute one by knots. */
export interface BandDraws {
  n: number;
  s0: Float64Array;
  g: Float64Array;
  d0: Float64Array;
  dg: Float64Array;
  /** 1 where the draw followed the compute projection. */
  compute: Uint8Array;
  /** ln D at each knot of the compute draws, nk values per draw. */
  knots: Float64Array;
  nk: number;
  /** A compute draw's slope before 2024 (its path carried back). */
  pre: Float64Array;
}

export interface Band {
  year: number;
  p5: number;
  p50: number;
  p95: number;
}

/** The stock's percentiles in each year; `scratch` holds at least d.n values. */
export function stockBands(
  d: BandDraws,
  years: readonly number[],
  gridT: readonly number[],
  scratch: Float64Array,
  room: Float64Array
): Band[] {
  const out: Band[] = [];
  const { n, s0, g } = d;
  const values = scratch.subarray(0, n);
  const past = new Float64Array(2 * QS.length);
  for (let k = 0; k < years.length; k++) {
    const tk = gridT[k] as number;
    for (let i = 0; i < n; i++) values[i] = (s0[i] as number) + tk * (g[i] as number);
    out.push(band(years[k] as number, values, k, past, room));
  }
  return out;
}

/** The dataset's percentiles in each year, historical and compute draws alike. */
export function demandBands(
  d: BandDraws,
  years: readonly number[],
  gridT: readonly number[],
  knotT: Float64Array,
  scratch: Float64Array,
  room: Float64Array
): Band[] {
  const out: Band[] = [];
  const { n, d0, dg, compute, knots, nk, pre } = d;
  const values = scratch.subarray(0, n);
  const past = new Float64Array(2 * QS.length);
  for (let k = 0; k < years.length; k++) {
    const tk = gridT[k] as number;
    // Every compute path's segment is the same in a given year: found once, not per draw.
    const tIn = tk < 0 ? 0 : tk;
    const seg = segmentAt(tIn, knotT);
    const t0 = knotT[seg] as number;
    const dt = tIn - t0;
    const span = (knotT[seg + 1] as number) - t0;
    for (let i = 0; i < n; i++) {
      if (compute[i] === 0) values[i] = (d0[i] as number) + tk * (dg[i] as number);
      else {
        const v0 = knots[i * nk + seg] as number;
        const v = v0 + (dt * ((knots[i * nk + seg + 1] as number) - v0)) / span;
        values[i] = tk < 0 ? v + tk * (pre[i] as number) : v;
      }
    }
    out.push(band(years[k] as number, values, k, past, room));
  }
  return out;
}

const QS = [0.05, 0.5, 0.95] as const;

/**
 * The year's three percentiles (ln) exp'd. A percentile moves little and almost linearly from one
 * year to the next, so from the third year on each is first looked for within half a year's move
 * of the line through the last two years' (quantileInRange: one pass and a selection among a few
 * dozen values, against a selection among all 2,000); if any is not there, all three are selected
 * among all. Either way they are the same order statistics. `past` holds the last two years'.
 */
function band(year: number, values: Float64Array, k: number, past: Float64Array, room: Float64Array): Band {
  let p5 = Number.NaN;
  let p50 = Number.NaN;
  let p95 = Number.NaN;
  if (k >= 2) {
    p5 = guessed(values, 0, past, room);
    p50 = Number.isNaN(p5) ? p5 : guessed(values, 1, past, room);
    p95 = Number.isNaN(p50) ? p50 : guessed(values, 2, past, room);
  }
  if (Number.isNaN(p5) || Number.isNaN(p50) || Number.isNaN(p95)) [p5, p50, p95] = quantiles3(values, QS[0], QS[1], QS[2]);
  past[0] = past[3] as number;
  past[1] = past[4] as number;
  past[2] = past[5] as number;
  past[3] = p5;
  past[4] = p50;
  past[5] = p95;
  return { year, p5: Math.exp(p5), p50: Math.exp(p50), p95: Math.exp(p95) };
}

/** Percentile j looked for around the line through the last two years' values of it. */
function guessed(values: Float64Array, j: number, past: Float64Array, room: Float64Array): number {
  const before = past[j] as number;
  const last = past[3 + j] as number;
  const step = last - before;
  const at = last + step;
  const half = 0.5 * Math.abs(step) + 1e-9 * Math.abs(at);
  return quantileInRange(values, QS[j] as number, at - half, at + half, room);
}

// Live inputs of the Epoch model: the historical projection refitted to the project's
// training_runs. It projects what Epoch's published branch projects, the trend of the frontier
// (the largest datasets), with level and slope drawn as bootstrap pairs (they correlate, about
// 0.96 on Epoch's 80 models) where Epoch draws them independently. The scatter of single runs
// around that line is NOT added: it would predict a random frontier run, which lies as often far
// below the largest as above it, and put draws "already crossed" that the frontier never reached.
import type { PairedDemand } from './epoch-model';
import { bootstrapOls, daysSince2024, percentile, type Point } from './epoch-trend';

export interface LiveRun {
  model: string;
  /** Epoch ms of the publication day (UTC midnight). */
  published: number;
  training_tokens: number;
  compute_flop: number | null;
  source: string;
}

const LIVE_EPOCH_SETTINGS = {
  /** Runs before this day are left out, as Epoch leaves out its runs before 2010. */
  fromDay: '2010-01-01',
  resamples: 10_000,
  seed: 1,
  /** A run is on the frontier when fewer than this many earlier or same-day runs rank above it. */
  topN: 10
} as const;

/**
 * Compute a run is ranked by: its reported training compute, or else the compute a
 * compute-optimal run on its dataset would need (C = 120 (D / 20)^2, the inverse of D = 20
 * sqrt(C / 120)), so runs without a reported compute still take part in the ranking.
 */
function rankCompute(r: Pick<LiveRun, 'compute_flop' | 'training_tokens'>): number {
  return r.compute_flop !== null && r.compute_flop > 0 ? r.compute_flop : 120 * (r.training_tokens / 20) ** 2;
}

/**
 * The frontier as Epoch ranks models: by training compute, a run being frontier when fewer than
 * `topN` runs published on or before its day had more compute. Returned in date order.
 */
export function computeFrontier<T extends Pick<LiveRun, 'published' | 'compute_flop' | 'training_tokens'>>(
  runs: readonly T[],
  topN: number
): T[] {
  const sorted = [...runs].filter((r) => r.training_tokens > 0 && Number.isFinite(r.published)).sort((a, b) => a.published - b.published);
  const kept: T[] = [];
  // Sorted compute of every run so far; n is small (thousands), insertion keeps it simple.
  const seen: number[] = [];
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i] as T;
    // Same-day runs all count as "on or before".
    while (j < sorted.length && (sorted[j] as T).published <= r.published) {
      const c = rankCompute(sorted[j] as T);
      let at = seen.length;
      while (at > 0 && (seen[at - 1] as number) > c) at--;
      seen.splice(at, 0, c);
      j++;
    }
    const c = rankCompute(r);
    let above = 0;
    for (let k = seen.length - 1; k >= 0 && above < topN; k--) {
      if ((seen[k] as number) > c) above++;
      else break;
    }
    if (above < topN) kept.push(r);
  }
  return kept;
}

export interface LiveDemand {
  demand: PairedDemand;
  frontier: LiveRun[];
  runs: number;
  /** log10 per year: median and 2.5th-97.5th percentile of the bootstrap slopes. */
  slope: { p2_5: number; p50: number; p97_5: number };
  /** Correlation of the bootstrap levels and slopes. */
  correlation: number;
  residualSdLog10: number;
  source: string;
}

/** The paired historical projection from training_runs, or null with too few runs. */
export function liveDemand(runs: readonly LiveRun[]): LiveDemand | null {
  const frontier = computeFrontier(runs, LIVE_EPOCH_SETTINGS.topN);
  const points: Point[] = frontier.map((r) => ({ day: daysSince2024(r.published), log10: Math.log10(r.training_tokens) }));
  let b;
  try {
    b = bootstrapOls(points, LIVE_EPOCH_SETTINGS.resamples, LIVE_EPOCH_SETTINGS.seed);
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
  const LN10 = Math.LN10;
  const slope = { p2_5: percentile(b.slopes, 0.025), p50: percentile(b.slopes, 0.5), p97_5: percentile(b.slopes, 0.975) };
  const correlation = corr(b.levels, b.slopes);
  const bySource = new Map<string, number>();
  for (const r of runs) bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
  const sources = [...bySource]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 3)
    .map(([s, n]) => `${s} (${n})`)
    .join('; ');
  const withCompute = frontier.filter((r) => r.compute_flop !== null && r.compute_flop > 0).length;
  return {
    demand: {
      kind: 'pairs',
      levels: b.levels.map((v) => v * LN10),
      slopes: b.slopes.map((v) => v * LN10),
      residualSd: 0
    },
    frontier: frontier as LiveRun[],
    runs: runs.length,
    slope,
    correlation,
    residualSdLog10: b.residualSd,
    source:
      `measured from training_runs: ${frontier.length} frontier runs of ${runs.length} since ${LIVE_EPOCH_SETTINGS.fromDay} ` +
      `(top ${LIVE_EPOCH_SETTINGS.topN} by training compute when published, as Epoch ranks models; ${withCompute} with reported compute, ` +
      `the rest ranked by the compute-optimal compute of their dataset); OLS of log10 tokens on days since 2024-01-01, ` +
      `${LIVE_EPOCH_SETTINGS.resamples.toLocaleString('en')} bootstrap resamples (seed ${LIVE_EPOCH_SETTINGS.seed}) drawn as (level, slope) pairs ` +
      `(correlation ${correlation.toFixed(2)}), slope ${slope.p50.toFixed(2)} OOM a year (95% ${slope.p2_5.toFixed(2)}-${slope.p97_5.toFixed(2)}); ` +
      `the trend of the largest datasets, without the scatter of single runs around it (sd ${b.residualSd.toFixed(2)} OOM); rows from ${sources}`
  };
}

function corr(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += (a[i] as number) / n;
    mb += (b[i] as number) / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

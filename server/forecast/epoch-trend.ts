// Trends of the largest training runs, fitted as Epoch fits them: ordinary least squares of
// log10(size) on days since 2024-01-01, refitted on bootstrap resamples of the runs. The same fit
// serves the published inputs (Epoch's 80 models) and the live ones (the project's training_runs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';
import { createRng } from '../lib/random';
import { quantileSorted } from './quantile';
import { EPOCH_CODE, EPOCH_TOKENS_PER_WORD, VILLALOBOS_2024 } from './epoch-inputs';

const DATASET_SIZES_FILE = 'clickhouse/seed/epoch_dataset_sizes.csv';
const DAY_MS = 86_400_000;
const ORIGIN_MS = Date.UTC(2024, 0, 1);

export interface Point {
  /** Days since 2024-01-01 (negative before). */
  day: number;
  /** log10 of the size (tokens or FLOP). */
  log10: number;
}

interface Bootstrap {
  /** Slope of each resample, log10 per year of 365 days (Epoch counts days, 365 a year). */
  slopes: Float64Array;
  /** Intercept of each resample: log10 on 2024-01-01. Paired with slopes by index. */
  levels: Float64Array;
  /** Standard deviation of the residuals of the fit to all points, log10 (n - 2 degrees of freedom). */
  residualSd: number;
  n: number;
}

/** Days from 2024-01-01 to a UTC day, as Epoch's (date - 2024-01-01).days. */
export function daysSince2024(ms: number): number {
  return Math.round((ms - ORIGIN_MS) / DAY_MS);
}

/**
 * OLS of log10 on days for `resamples` bootstrap resamples (with replacement, n of n). A resample
 * that picks a single date is redrawn. Slopes are per 365 days.
 */
export function bootstrapOls(points: readonly Point[], resamples: number, seed: number): Bootstrap {
  const n = points.length;
  if (n < 3 || points.every((p) => p.day === points[0]?.day))
    throw new RangeError(`a trend needs at least 3 points over 2 dates, got ${n}`);
  const x = Float64Array.from(points, (p) => p.day);
  const y = Float64Array.from(points, (p) => p.log10);
  const rng = createRng(seed);
  const slopes = new Float64Array(resamples);
  const levels = new Float64Array(resamples);
  let done = 0;
  for (let attempt = 0; done < resamples && attempt < resamples * 100; attempt++) {
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let k = 0; k < n; k++) {
      const i = rng.nextUint32() % n;
      const xi = x[i] as number;
      const yi = y[i] as number;
      sx += xi;
      sy += yi;
      sxx += xi * xi;
      sxy += xi * yi;
    }
    const den = n * sxx - sx * sx;
    if (!(den > 1e-9 * n * n)) continue;
    const slope = (n * sxy - sx * sy) / den;
    slopes[done] = slope * 365;
    levels[done] = (sy - slope * sx) / n;
    done++;
  }
  if (done < resamples) throw new RangeError('too few resamples had two distinct dates');
  return { slopes, levels, residualSd: residualSd(x, y), n };
}

function residualSd(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += (x[i] as number) / n;
    my += (y[i] as number) / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += ((x[i] as number) - mx) ** 2;
    sxy += ((x[i] as number) - mx) * ((y[i] as number) - my);
  }
  const b = sxy / sxx;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((y[i] as number) - my - b * ((x[i] as number) - mx)) ** 2;
  return Math.sqrt(ss / (n - 2));
}

/** Percentile of an unsorted array (copied and sorted). */
export function percentile(a: Float64Array, p: number): number {
  return quantileSorted(Float64Array.from(a).sort(), p);
}

interface EpochDatasetRows {
  tokens: Point[];
  compute: Point[];
}

/**
 * Epoch's 80 models (data/dataset_sizes.csv, shipped in clickhouse/seed/), dated after
 * 2010-01-01; dataset sizes in words become tokens at x 4/5 as Epoch's code applies it.
 */
export function readEpochDatasetSizes(): EpochDatasetRows {
  const text = readFileSync(join(projectRoot(), DATASET_SIZES_FILE), 'utf8');
  // Epoch's file has no quoted fields; a split is enough, and a quote would mean a new format.
  if (text.includes('"')) throw new Error(`${DATASET_SIZES_FILE} has quoted fields; read it with a CSV parser`);
  const [header, ...rows] = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
  const col = (name: string): number => {
    const i = header?.indexOf(name) ?? -1;
    if (i < 0) throw new Error(`${DATASET_SIZES_FILE} has no column ${name}`);
    return i;
  };
  const [iDate, iComp, iData] = [col('date'), col('comp'), col('dataset')];
  const tokens: Point[] = [];
  const compute: Point[] = [];
  const after = Date.UTC(2010, 0, 1);
  for (const r of rows) {
    const ms = Date.parse(`${r[iDate] ?? ''}T00:00:00Z`);
    if (!Number.isFinite(ms) || !(ms > after)) continue;
    const day = daysSince2024(ms);
    const words = Number(r[iData]);
    if (words > 0) tokens.push({ day, log10: Math.log10(words * EPOCH_TOKENS_PER_WORD.value) });
    const comp = r[iComp] === undefined || r[iComp] === '' ? NaN : Number(r[iComp]);
    if (comp > 0) compute.push({ day, log10: Math.log10(comp) });
  }
  return { tokens, compute };
}

/** Normal in log10 per year from bootstrap slopes: their lo/hi percentiles as its central interval. */
interface SlopeNormal {
  mu: number;
  sigma: number;
  /** The percentiles it was built from, log10 per year. */
  lo: number;
  hi: number;
  median: number;
  credibility: 90 | 95;
}

function slopeNormal(slopes: Float64Array, credibility: 90 | 95): SlopeNormal {
  const sorted = Float64Array.from(slopes).sort();
  const tail = (100 - credibility) / 200;
  const lo = quantileSorted(sorted, tail);
  const hi = quantileSorted(sorted, 1 - tail);
  const z = credibility === 95 ? 1.959963984540054 : 1.6448536269514722;
  return { mu: (lo + hi) / 2, sigma: (hi - lo) / (2 * z), lo, hi, median: quantileSorted(sorted, 0.5), credibility };
}

const PUBLISHED_RESAMPLES = 10_000;
const PUBLISHED_TREND_SEED = 1;

interface PublishedTrends {
  /** Growth of the largest dataset, log10 per year: 2.5th-97.5th bootstrap percentiles as a 95% normal. */
  demandGrowth: SlopeNormal;
  /** Growth of training compute, log10 per year: 5th-95th percentiles as a 90% normal (carries C back before 2024). */
  computeGrowth: SlopeNormal;
  tokensN: number;
  computeN: number;
  source: { demandGrowth: string; computeGrowth: string };
}

let published: PublishedTrends | null = null;

/** The published trends, fitted once (10,000 resamples, a few ms) and kept. */
export function publishedTrends(): PublishedTrends {
  if (published) return published;
  const rows = readEpochDatasetSizes();
  const d = slopeNormal(bootstrapOls(rows.tokens, PUBLISHED_RESAMPLES, PUBLISHED_TREND_SEED).slopes, 95);
  const c = slopeNormal(bootstrapOls(rows.compute, PUBLISHED_RESAMPLES, PUBLISHED_TREND_SEED + 1).slopes, 90);
  const fit =
    `${EPOCH_CODE}, src/dataset_size_projections.py: OLS of log10 size on days since 2024-01-01 over the ` +
    `${rows.tokens.length} models of data/dataset_sizes.csv after 2010 (words x 4/5 = tokens), ${PUBLISHED_RESAMPLES.toLocaleString('en')} bootstrap resamples`;
  published = {
    demandGrowth: d,
    computeGrowth: c,
    tokensN: rows.tokens.length,
    computeN: rows.compute.length,
    source: {
      demandGrowth:
        `${fit}; growth lognormal with the 2.5th-97.5th percentile slopes as its 95% interval: ` +
        `${d.lo.toFixed(2)}-${d.hi.toFixed(2)} OOM a year (paper: 0.38, 95% 0.27-0.48, ${VILLALOBOS_2024})`,
      computeGrowth: `${fit.replace(`${rows.tokens.length} models`, `${rows.compute.length} models with training compute`)}; 5th-95th percentile slopes ${c.lo.toFixed(2)}-${c.hi.toFixed(2)} OOM a year (90%), used only before 2024`
    }
  };
  return published;
}

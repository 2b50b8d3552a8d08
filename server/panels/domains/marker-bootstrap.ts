// The uncertainty of the marker-word excess from sampling documents: a bootstrap over documents.
// Each document either holds a marker word or not, so resampling a month's documents with
// replacement changes its marker count exactly as a binomial draw of its size at its share; the
// pre-ChatGPT years behind the baseline are resampled the same way, and the baseline is refitted
// in every resample. The interval says how far chance in which documents were crawled moves the
// excess, not how wrong the method's assumptions are (docs/METHODS.md lists those).
import type { PanelRow } from '../../../src/lib/contract/socket';
import { createRng, type Rng } from '../../lib/random';
import { AFTER_CHATGPT_MS, baselineFor, type MonthCounts, type YearCounts } from './marker-baseline';

export const MARKER_BOOTSTRAP = { resamples: 1000, seed: 1, credibility: 95 } as const;

/**
 * Binomial(n, p): counted draw by draw for small n; for larger n a Poisson draw when the count (or
 * its complement) is expected below 10, else the normal approximation, rounded and clamped.
 */
export function binomial(n: number, p: number, rng: Rng): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n <= 200) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) k++;
    return k;
  }
  if (n * p < 10) return Math.min(n, poisson(n * p, rng));
  if (n * (1 - p) < 10) return Math.max(0, n - poisson(n * (1 - p), rng));
  const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * rng.normal());
  return Math.min(n, Math.max(0, k));
}

/** Knuth's multiplication method: fine for the small means it is used for here. */
function poisson(lambda: number, rng: Rng): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let prod = rng.next(); prod > limit; prod *= rng.next()) k++;
  return k;
}

function percentile(sorted: Float64Array, q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i] as number;
}

/**
 * The rows of markerRows with the excess's bootstrap interval added (`excess_lo`, `excess_hi`,
 * the 2.5th and 97.5th percentiles); null where the row has no excess.
 */
export function withExcessInterval(
  rows: readonly PanelRow[],
  months: readonly MonthCounts[],
  preYears: readonly YearCounts[],
  opts: { resamples?: number; seed?: number } = {}
): PanelRow[] {
  const resamples = opts.resamples ?? MARKER_BOOTSTRAP.resamples;
  const rng = createRng(opts.seed ?? MARKER_BOOTSTRAP.seed);
  const after = months.map((m) => m.t >= AFTER_CHATGPT_MS && m.docs > 0);
  const draws = months.map(() => new Float64Array(resamples));
  let usable = false;
  for (let r = 0; r < resamples; r++) {
    const years = preYears.map((y) => ({ ...y, marker_docs: binomial(y.docs, y.docs > 0 ? y.marker_docs / y.docs : 0, rng) }));
    const baseline = baselineFor(years);
    if (!baseline) break;
    usable = true;
    months.forEach((m, i) => {
      if (!after[i]) return;
      const k = binomial(m.docs, m.marker_docs / m.docs, rng);
      (draws[i] as Float64Array)[r] = k / m.docs - baseline(new Date(m.t).getUTCFullYear());
    });
  }
  const tail = (100 - MARKER_BOOTSTRAP.credibility) / 200;
  return rows.map((row, i) => {
    if (!usable || !after[i] || row.excess_share === null || row.excess_share === undefined) {
      return { ...row, excess_lo: null, excess_hi: null };
    }
    const sorted = Float64Array.from(draws[i] as Float64Array).sort();
    return { ...row, excess_lo: percentile(sorted, tail), excess_hi: percentile(sorted, 1 - tail) };
  });
}

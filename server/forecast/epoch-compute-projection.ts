// The compute-based projection's input: log10 FLOP of the largest training run by year. Two forms:
// the default, Besiroglu, Heim & Sevilla (2022) Table 1 (median and 95% interval at four years,
// shipped as data in clickhouse/seed/compute_projection_besiroglu2022.csv), and a file of paths in
// Epoch's own format (data/compute_projection.csv of epoch-research/data-stock: no header, one row
// per path and year, columns index, log10 FLOP, year), which replaces it when imported.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';
import { BESIROGLU_2022 } from './epoch-inputs';

export interface TableProjection {
  kind: 'table';
  /** Calendar years, ascending. */
  years: number[];
  /** log10 FLOP: median, 2.5th and 97.5th percentile at each year. */
  median: number[];
  lo: number[];
  hi: number[];
  source: string;
}

export interface PathProjection {
  kind: 'paths';
  years: number[];
  /** paths[p][i]: log10 FLOP of path p in years[i]; paths sorted by their last value. */
  paths: Float64Array[];
  source: string;
}

export type ComputeProjection = TableProjection | PathProjection;

const COMPUTE_TABLE_FILE = 'clickhouse/seed/compute_projection_besiroglu2022.csv';
const COMPUTE_TABLE_SOURCE =
  `${BESIROGLU_2022} (shipped as ${COMPUTE_TABLE_FILE}): log10 FLOP of the largest run, median and 95% interval in 2025, 2030, ` +
  `2040 and 2050; linear in log10 FLOP between years, a split normal at each year, one normal draw per path for all years ` +
  `(the paper used Epoch's own projection file, which is not public)`;

/** The shipped default: Besiroglu et al. (2022), Table 1. */
export function loadDefaultProjection(): TableProjection {
  return parseProjectionTable(readFileSync(join(projectRoot(), COMPUTE_TABLE_FILE), 'utf8'), COMPUTE_TABLE_SOURCE);
}

/** Standard-normal 97.5th percentile: the table's 95% interval is median -/+ Z975 scales. */
export const Z975 = 1.959963984540054;

/**
 * log10 FLOP of one path at each knot year, for a standard-normal draw z (table) or a path
 * chosen by z's quantile (paths). Written into `out` (length = years.length).
 */
export function pathAt(p: ComputeProjection, z: number, out: Float64Array): void {
  if (p.kind === 'table') {
    for (let i = 0; i < p.years.length; i++) {
      const m = p.median[i] as number;
      const s = z >= 0 ? ((p.hi[i] as number) - m) / Z975 : (m - (p.lo[i] as number)) / Z975;
      out[i] = m + z * s;
    }
    return;
  }
  const n = p.paths.length;
  const k = Math.min(n - 1, Math.max(0, Math.floor(normalCdf(z) * n)));
  out.set(p.paths[k] as Float64Array);
}

/**
 * Standard normal CDF (Abramowitz & Stegun 26.2.17, absolute error below 7.5e-8): maps a draw to
 * a path of an imported file so that paths stay ordered with the draw, as the table's do.
 */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = 0.3989422804014327 * Math.exp(-0.5 * z * z) * poly;
  return z >= 0 ? 1 - tail : tail;
}

export class ProjectionFormatError extends Error {
  override name = 'ProjectionFormatError';
}

/**
 * Parses Epoch's compute projection format: CSV rows `index,log10_flop,year` (no header; a header
 * line of non-numbers is skipped). Every path must give every year; at least two years and two
 * paths. Errors name the line.
 */
export function parseEpochProjection(text: string, source: string): PathProjection {
  const byPath = new Map<string, Map<number, number>>();
  const years = new Set<number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const cells = line.split(',').map((c) => c.trim());
    if (i === 0 && cells.some((c) => c !== '' && !Number.isFinite(Number(c)))) return;
    if (cells.length !== 3)
      throw new ProjectionFormatError(`line ${i + 1}: expected 3 columns (index, log10 FLOP, year), got ${cells.length}`);
    const [idx, comp, year] = cells as [string, string, string];
    const c = Number(comp);
    const y = Number(year);
    if (idx === '' || !Number.isFinite(Number(idx)))
      throw new ProjectionFormatError(`line ${i + 1}: index ${JSON.stringify(idx)} is not a number`);
    if (comp === '' || !Number.isFinite(c) || c < 10 || c > 50)
      throw new ProjectionFormatError(`line ${i + 1}: log10 FLOP ${JSON.stringify(comp)} is not a number between 10 and 50`);
    if (year === '' || !Number.isFinite(y) || y < 1950 || y > 2200)
      throw new ProjectionFormatError(`line ${i + 1}: year ${JSON.stringify(year)} is not a year between 1950 and 2200`);
    let path = byPath.get(idx);
    if (!path) byPath.set(idx, (path = new Map()));
    if (path.has(y)) throw new ProjectionFormatError(`line ${i + 1}: path ${idx} gives year ${y} twice`);
    path.set(y, c);
    years.add(y);
  });
  const sortedYears = [...years].sort((a, b) => a - b);
  if (sortedYears.length < 2) throw new ProjectionFormatError(`a projection needs at least 2 years, got ${sortedYears.length}`);
  if (byPath.size < 2) throw new ProjectionFormatError(`a projection needs at least 2 paths, got ${byPath.size}`);
  const paths: Float64Array[] = [];
  for (const [idx, path] of byPath) {
    const row = new Float64Array(sortedYears.length);
    sortedYears.forEach((y, i) => {
      const v = path.get(y);
      if (v === undefined) throw new ProjectionFormatError(`path ${idx} has no value for year ${y}`);
      row[i] = v;
    });
    paths.push(row);
  }
  const last = sortedYears.length - 1;
  paths.sort((a, b) => (a[last] as number) - (b[last] as number));
  return { kind: 'paths', years: sortedYears, paths, source };
}

/** The table as CSV (year, median, lo, hi), the form it is shipped in. */
function parseProjectionTable(text: string, source: string): TableProjection {
  const rows = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const [header, ...body] = rows;
  if (header !== 'year,log10_flop_median,log10_flop_p2_5,log10_flop_p97_5')
    throw new ProjectionFormatError(`unexpected header ${header ?? ''}`);
  const t: TableProjection = { kind: 'table', years: [], median: [], lo: [], hi: [], source };
  for (const line of body) {
    const [y, m, lo, hi] = line.split(',').map(Number) as [number, number, number, number];
    if (![y, m, lo, hi].every(Number.isFinite) || !(lo <= m && m <= hi)) throw new ProjectionFormatError(`bad row ${line}`);
    t.years.push(y);
    t.median.push(m);
    t.lo.push(lo);
    t.hi.push(hi);
  }
  return t;
}

import { GRAINS, type Dimension, type Grain } from '../../src/lib/contract/filters';

/**
 * A table a panel can read, and what it can answer: which filters it has columns for, the
 * finest grain it holds and how far back. The builder picks the smallest source that can
 * answer a request, so most views read a rollup of thousands of rows, not the raw table.
 */
export interface Source {
  table: string;
  /** Time column and its type; a Date column is compared by day. */
  time: { col: string; type: 'DateTime64' | 'DateTime' | 'Date' };
  dims: ReadonlySet<Dimension>;
  /** Finest grain this source can serve. */
  finest: Grain;
  /** How far back the source holds data (ms), for rollups with a TTL. */
  retentionMs?: number;
  /** Whether counts are pre-aggregated into `docs`/`tokens`-style columns. */
  rollup: boolean;
  /** Read with FINAL (ReplacingMergeTree tables whose duplicates must not count twice). */
  final?: boolean;
}

export function canServe(s: Source, grain: Grain, dims: Dimension[], fromMs: number, now: number): boolean {
  if (GRAINS.indexOf(grain) < GRAINS.indexOf(s.finest)) return false;
  if (s.retentionMs !== undefined && fromMs < now - s.retentionMs) return false;
  return dims.every((d) => s.dims.has(d));
}

/** The first source (cheapest first) that can answer; the last one must be the raw table. */
export function pickSource(sources: readonly Source[], grain: Grain, dims: Dimension[], fromMs: number, now: number): Source {
  const found = sources.find((s) => canServe(s, grain, dims, fromMs, now));
  const raw = sources[sources.length - 1];
  if (!raw) throw new Error('a panel needs at least one source');
  return found ?? raw;
}

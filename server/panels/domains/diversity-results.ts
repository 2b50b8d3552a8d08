// The diversity panels answer from their stored answers (diversity-stored-sql.ts), which change
// only when samples arrive: ingest stores them after each samples insert, and a read that finds a
// group out of date (samples written another way, a crash between an insert and its store)
// computes that group with the panel's own query, stores it, and reads again. So an answer is
// always the one the panel's query gives over the samples stored, and a retried batch that the
// insert's deduplication dropped changes no count, so nothing is computed again.
import type { PanelFilters } from '../../../src/lib/contract/filters';
import type { Engine } from '../../engine/engine';
import { byGenerationSql, trendSql, type TrendGrain } from './diversity-sql';
import { storeByGenerationSql, storedByGenerationSql, storedTrendSql, storeTrendSql } from './diversity-stored-sql';

type Raw = Record<string, string | number | null>;

/** The widest window the rollups' Date columns can hold: every period a trend grain has. */
const ALL_FROM_MS = Date.UTC(1970, 0, 1);
const ALL_TO_MS = Date.UTC(2149, 0, 1);
const TREND_GRAINS: readonly TrendGrain[] = ['day', 'week', 'month'];

function staleGeneration(r: Raw): boolean {
  return Number(r.texts) !== Number(r.live_texts) || Number(r.stored_ref) !== Number(r.live_ref);
}

function staleTrend(r: Raw): boolean {
  return Number(r.texts) !== Number(r.live_texts);
}

/** Stores diversity.by_generation for the families of out-of-date groups; true when any was. */
async function refreshGeneration(engine: Engine, rows: readonly Raw[], tag: string): Promise<boolean> {
  const families = [...new Set(rows.filter(staleGeneration).map((r) => String(r.model_family)))];
  if (families.length === 0) return false;
  const q = storeByGenerationSql(families);
  await engine.command(q.sql, { tag: `${tag} store`, params: q.params });
  return true;
}

/** Stores diversity.trend over the span of out-of-date periods at one grain; true when any was. */
async function refreshTrend(engine: Engine, grain: TrendGrain, rows: readonly Raw[], tag: string): Promise<boolean> {
  const stale = rows.filter(staleTrend).map((r) => Number(r.t));
  if (stale.length === 0) return false;
  const q = storeTrendSql(grain, Math.min(...stale), Math.max(...stale));
  await engine.command(q.sql, { tag: `${tag} store`, params: q.params });
  return true;
}

/**
 * diversity.by_generation's rows (key and metric columns as the panel's query names them): the
 * stored answers when current, else computed, stored and read again; computed directly when
 * samples arriving meanwhile keep a group out of date.
 */
export async function generationRows(engine: Engine, filters: PanelFilters, tag: string): Promise<Raw[]> {
  const q = storedByGenerationSql(filters);
  const first = await engine.rows<Raw>(q.sql, { tag, params: q.params });
  if (!(await refreshGeneration(engine, first, tag))) return first;
  const again = await engine.rows<Raw>(q.sql, { tag, params: q.params });
  if (!again.some(staleGeneration)) return again;
  const live = byGenerationSql(filters);
  return engine.rows<Raw>(live.sql, { tag, params: live.params });
}

/** diversity.trend's rows for one window, as generationRows: stored, refreshed, or computed. */
export async function trendRows(
  engine: Engine,
  filters: PanelFilters,
  grain: TrendGrain,
  fromMs: number,
  toMs: number,
  tag: string
): Promise<Raw[]> {
  const q = storedTrendSql(filters, grain, fromMs, toMs);
  const first = await engine.rows<Raw>(q.sql, { tag, params: q.params });
  if (!(await refreshTrend(engine, grain, first, tag))) return first;
  const again = await engine.rows<Raw>(q.sql, { tag, params: q.params });
  if (!again.some(staleTrend)) return again;
  const live = trendSql(filters, grain, fromMs, toMs);
  return engine.rows<Raw>(live.sql, { tag, params: live.params });
}

/**
 * Brings every stored diversity answer up to date with the samples stored: ingest calls it after
 * each samples insert, so the panels' next reads (the live refresh the insert arms) find them
 * current. Only out-of-date groups are computed: after a live batch, the batch's families and
 * the periods holding its texts.
 */
export async function refreshDiversityResults(engine: Engine, tag: string): Promise<void> {
  const g = storedByGenerationSql({});
  await refreshGeneration(engine, await engine.rows<Raw>(g.sql, { tag, params: g.params }), tag);
  for (const grain of TREND_GRAINS) {
    const t = storedTrendSql({}, grain, ALL_FROM_MS, ALL_TO_MS);
    await refreshTrend(engine, grain, await engine.rows<Raw>(t.sql, { tag, params: t.params }), tag);
  }
}

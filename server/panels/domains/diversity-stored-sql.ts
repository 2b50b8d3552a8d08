// The diversity panels' stored answers (clickhouse/migrations/0130, 0131): what each panel shows,
// per group, beside the group's text count in the rollup it was computed from, so a read can tell
// a current answer from one that samples written since have outdated. Reading them merges no
// sketches and sums no word counts; writing them runs the panel's own query (diversity-sql.ts).
import type { PanelFilters } from '../../../src/lib/contract/filters';
import { bucket, epochMs } from '../fragments';
import { chTime } from '../time';
import { byGenerationSql, dimensionFilter, TREND_ROLLUPS, trendSql, type Query, type TrendGrain } from './diversity-sql';

const GENERATION_VALUES = 'tokens, distinct_1, distinct_2, distinct_3, entropy_1, ttr, compression_ratio, tail_mass';
const TREND_VALUES = 'tokens, distinct_1, distinct_2, distinct_3, ttr, compression_ratio';

/**
 * diversity.by_generation's groups (those of the rollup, as the panel's query has them) with
 * their stored answer: `live_texts`/`live_ref` are the group's and its family's generation-0
 * texts now, `texts`/`stored_ref` what the stored answer counted (0 when there is none).
 */
export function storedByGenerationSql(filters: PanelFilters): Query {
  const dims = dimensionFilter(filters);
  const where = dims.parts.length > 0 ? `WHERE ${dims.parts.join(' AND ')}` : '';
  const family = filters.model_family?.length ? 'AND model_family IN {f_model_family:Array(String)}' : '';
  const sql = `
SELECT model_family, model, generation, live_texts, live_ref, stored_texts AS texts, stored_ref, ${GENERATION_VALUES}
FROM (SELECT model_family, model, generation, sum(texts) AS live_texts FROM diversity_generation ${where} GROUP BY model_family, model, generation) AS g
LEFT JOIN (SELECT model_family, sum(texts) AS live_ref FROM diversity_generation WHERE generation = 0 ${family} GROUP BY model_family) AS f
  USING (model_family)
LEFT JOIN (SELECT model_family, model, generation, texts AS stored_texts, ref_texts AS stored_ref, ${GENERATION_VALUES} FROM diversity_generation_result FINAL ${where}) AS r
  USING (model_family, model, generation)
ORDER BY model_family, model, generation
SETTINGS join_use_nulls = 0`;
  return { sql, params: dims.params };
}

/**
 * Computes diversity.by_generation for these families with the panel's query and stores each
 * group's answer, except groups whose word counts do not yet hold every word the rollup counted
 * (a materialized view still writing an insert): those stay out of date and are computed again.
 */
export function storeByGenerationSql(families: readonly string[]): Query {
  const q = byGenerationSql({ model_family: [...families] });
  const sql = `
INSERT INTO diversity_generation_result (model_family, model, generation, texts, ref_texts, version, ${GENERATION_VALUES})
SELECT model_family, model, generation, texts, ref_texts, texts + ref_texts, ${GENERATION_VALUES}
FROM (${q.sql})
WHERE all_words = tokens AND ref_word_total = ref_gen_words`;
  return { sql, params: q.params };
}

/** diversity.trend's groups in the window (as the panel's query has them) with their stored answer. */
export function storedTrendSql(filters: PanelFilters, grain: TrendGrain, fromMs: number, toMs: number): Query {
  const dims = dimensionFilter(filters);
  const { table, col, first } = TREND_ROLLUPS[grain];
  const where = [`${col} >= ${first}`, `${col} <= toDate({to:DateTime64(3, 'UTC')})`, ...dims.parts].join(' AND ');
  const stored = [
    'grain = {grain:String}',
    `t >= ${epochMs(first)}`,
    `t <= ${epochMs(`toDate({to:DateTime64(3, 'UTC')})`)}`,
    ...dims.parts
  ].join(' AND ');
  const sql = `
SELECT t, model_family, model, live_texts, stored_texts AS texts, ${TREND_VALUES}
FROM (SELECT ${epochMs(bucket(grain, col))} AS t, model_family, model, sum(texts) AS live_texts FROM ${table} WHERE ${where} GROUP BY t, model_family, model) AS g
LEFT JOIN (SELECT t, model_family, model, texts AS stored_texts, ${TREND_VALUES} FROM diversity_trend_result FINAL WHERE ${stored}) AS r
  USING (t, model_family, model)
ORDER BY t, model_family, model
SETTINGS join_use_nulls = 0`;
  return { sql, params: { ...dims.params, grain, from: chTime(fromMs), to: chTime(toMs) } };
}

/** Computes diversity.trend at this grain for every model over the window's periods and stores it. */
export function storeTrendSql(grain: TrendGrain, fromMs: number, toMs: number): Query {
  const q = trendSql({}, grain, fromMs, toMs);
  const sql = `
INSERT INTO diversity_trend_result (grain, t, model_family, model, texts, ${TREND_VALUES})
SELECT {store_grain:String}, t, model_family, model, texts, ${TREND_VALUES}
FROM (${q.sql})`;
  return { sql, params: { ...q.params, store_grain: grain } };
}

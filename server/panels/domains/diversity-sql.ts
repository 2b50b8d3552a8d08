// The diversity panels' queries: -Merge and sums over the rollups the materialized views of
// clickhouse/migrations/0071-0085 fill as samples arrive (server/diversity/metrics.ts says what
// each column holds). A group is every text of a generation, or of a model in a period; a panel
// reads a few rows per group and never the texts.
import type { PanelFilters } from '../../../src/lib/contract/filters';
import { DISTINCT_HLL_PRECISION, TAIL_TOP_K } from '../../diversity/metrics';
import { bucket, epochMs } from '../fragments';
import { chTime } from '../time';

export interface Query {
  sql: string;
  params: Record<string, unknown>;
}

/** The rollups' sums and merged states per group, as metric columns (NULL for an empty group). */
function metricColumns(): string {
  return `
    sum(texts) AS texts,
    sum(words) AS tokens,
    if(sum(words) = 0, NULL, uniqCombined64Merge(${DISTINCT_HLL_PRECISION})(uniq_1) / sum(words)) AS distinct_1,
    if(sum(bigrams) = 0, NULL, uniqCombined64Merge(${DISTINCT_HLL_PRECISION})(uniq_2) / sum(bigrams)) AS distinct_2,
    if(sum(trigrams) = 0, NULL, uniqCombined64Merge(${DISTINCT_HLL_PRECISION})(uniq_3) / sum(trigrams)) AS distinct_3,
    if(sum(ttr_texts) = 0, NULL, sum(ttr_sum) / sum(ttr_texts)) AS ttr,
    if(sum(gzip_texts) = 0, NULL, sum(raw_bytes) / sum(gzip_bytes)) AS compression_ratio`;
}

/** Family and model filters, the only dimensions the diversity rollups have; values bound. */
export function dimensionFilter(filters: PanelFilters): { parts: string[]; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  for (const d of ['model_family', 'model'] as const) {
    const values = filters[d];
    if (!values || values.length === 0) continue;
    parts.push(`${d} IN {f_${d}:Array(String)}`);
    params[`f_${d}`] = values;
  }
  return { parts, params };
}

/**
 * diversity.by_generation: every text of each generation, whatever the time window (a
 * generation's texts are one corpus however long it took to write them). Unigram entropy and
 * tail mass come from the word counts; the generation-0 top words ignore the model filter, never
 * the family filter: they describe the family's original model.
 */
export function byGenerationSql(filters: PanelFilters): Query {
  const dims = dimensionFilter(filters);
  const where = dims.parts.length > 0 ? `WHERE ${dims.parts.join(' AND ')}` : '';
  const family = filters.model_family?.length ? 'AND model_family IN {f_model_family:Array(String)}' : '';
  const sql = `
WITH
ref_words AS (
  SELECT model_family, arrayJoin(arraySlice(arrayMap(x -> x.1, arraySort(x -> (-x.2, x.1), groupArray((word, c)))), 1, {top_k:UInt32})) AS word
  FROM (SELECT model_family, word, sum(c) AS c FROM diversity_words WHERE generation = 0 ${family} GROUP BY model_family, word)
  GROUP BY model_family
),
word_stats AS (
  SELECT model_family, model, generation,
         -- Shannon entropy from counts: log2 N - (1/N) sum c log2 c.
         log2(sum(c)) - sum(c * log2(c)) / sum(c) AS entropy_1,
         sumIf(c, (model_family, word) IN (SELECT model_family, word FROM ref_words)) AS top_words,
         sum(c) AS all_words
  -- FINAL sums each word's rows as a merge would: four times cheaper here than grouping by the
  -- word again (measured over 100,000 samples), and the same counts.
  FROM diversity_words FINAL
  ${where}
  GROUP BY model_family, model, generation
),
has_ref AS (
  SELECT model_family, 1 AS has_gen0, sum(texts) AS ref_texts, sum(words) AS ref_gen_words
  FROM diversity_generation WHERE generation = 0 ${family} GROUP BY model_family
),
-- Generation 0's words as the word counts hold them: equal to ref_gen_words unless a view has
-- not yet written an insert's rows (checked before an answer is stored, diversity-results.ts).
ref_total AS (
  SELECT model_family, sum(c) AS ref_word_total FROM diversity_words WHERE generation = 0 ${family} GROUP BY model_family
),
grouped AS (
  SELECT model_family, model, generation, ${metricColumns()}
  FROM diversity_generation
  ${where}
  GROUP BY model_family, model, generation
)
SELECT
  model_family, model, generation, texts, tokens, distinct_1, distinct_2, distinct_3,
  if(all_words > 0, entropy_1, NULL) AS entropy_1,
  ttr, compression_ratio,
  if(has_gen0 = 1 AND all_words > 0, 1 - top_words / all_words, NULL) AS tail_mass,
  -- What the answer was computed from, for diversity-results.ts; the panel does not show them.
  all_words, ref_texts, ref_gen_words, ref_word_total
FROM grouped
LEFT JOIN word_stats USING (model_family, model, generation)
LEFT JOIN has_ref USING (model_family)
LEFT JOIN ref_total USING (model_family)
ORDER BY model_family, model, generation`;
  return { sql, params: { ...dims.params, top_k: TAIL_TOP_K } };
}

export type TrendGrain = 'day' | 'week' | 'month';

/** The rollup of each trend grain, and where its first bucket in the window starts. */
export const TREND_ROLLUPS = {
  day: { table: 'diversity_daily', col: 'day', first: `toDate({from:DateTime64(3, 'UTC')})` },
  week: { table: 'diversity_weekly', col: 'week', first: `toMonday(toDate({from:DateTime64(3, 'UTC')}))` },
  month: { table: 'diversity_monthly', col: 'month', first: `toStartOfMonth(toDate({from:DateTime64(3, 'UTC')}))` }
} as const;

/**
 * diversity.trend: every text of each model in each period, from the rollup of that grain; the
 * window takes whole buckets (the one holding `from` through the one holding `to`).
 */
export function trendSql(filters: PanelFilters, grain: TrendGrain, fromMs: number, toMs: number): Query {
  const dims = dimensionFilter(filters);
  const { table, col, first } = TREND_ROLLUPS[grain];
  const where = [`${col} >= ${first}`, `${col} <= toDate({to:DateTime64(3, 'UTC')})`, ...dims.parts].join(' AND ');
  const sql = `
SELECT ${epochMs(bucket(grain, col))} AS t, model_family, model, ${metricColumns()}
FROM ${table}
WHERE ${where}
GROUP BY t, model_family, model
ORDER BY t, model_family, model`;
  return { sql, params: { ...dims.params, from: chTime(fromMs), to: chTime(toMs) } };
}

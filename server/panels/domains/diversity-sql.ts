// The one query behind both diversity panels: pick a bounded, comparable sample of texts per
// group, then compute every metric of metrics.ts over each group in ClickHouse, returning each
// group's concatenated texts for the compression ratio Node computes.
//
// Why a bounded sample: distinct-n, entropy and the compression ratio all change with the amount
// of text (more text, more repeats), so groups are compared on the same number of texts, the most
// recent ones. It also bounds the cost of a panel on a wall display that runs for weeks while the
// live simulator adds a text per generation every ten seconds.
import type { Where } from '../where';
import { METRIC_SQL, TAIL_TOP_K, ngramsSql, selfRepetitionSumSql, wordsSql } from '../../diversity/metrics';

/** Texts per group: a generation of the collapse simulation has 200, as the paper's runs. */
export const SAMPLE_TEXTS = { byGeneration: 200, trend: 50, reference: 200 } as const;

export interface Grouping {
  /** Group keys as `expression AS alias` pairs; they must include model_family. */
  keys: readonly (readonly [expr: string, alias: string])[];
  /** The key columns as the result shows them (e.g. the bucket as epoch ms). */
  output: readonly string[];
  /** Most recent texts kept per group. */
  cap: number;
}

/**
 * The diversity query for a grouping over the samples a WHERE clause (buildWhere over
 * model_samples) selects. The generation-0 reference of tail_mass ignores the time window and the
 * model filter, never the family filter: it describes the family's original model.
 *
 * ClickHouse inlines a CTE wherever it is used, so `sample_texts` is read three times (metrics,
 * self-repetition, tail); each read touches only the picked texts, found through the primary key.
 */
export function diversitySql(where: Where, grouping: Grouping, familyFilter: boolean): { sql: string; params: Record<string, unknown> } {
  const aliases = grouping.keys.map(([, alias]) => alias);
  if (!aliases.includes('model_family')) throw new Error('a diversity grouping must include model_family');
  const select = grouping.keys.map(([expr, alias]) => (expr === alias ? alias : `${expr} AS ${alias}`)).join(', ');
  const k = aliases.join(', ');
  const family = familyFilter ? 'AND model_family IN {f_model_family:Array(String)}' : '';
  const sql = `
WITH
picked AS (
  SELECT ${select}, model, generation, ts
  FROM model_samples
  ${where.sql}
  ORDER BY ${k}, ts DESC
  LIMIT {cap:UInt32} BY ${k}
),
sample_texts AS (
  SELECT ${select}, ts, prompt_id, text, ${wordsSql('text')} AS w,
         cityHash64(model_family, model, generation, ts, prompt_id, text) AS text_key
  FROM model_samples
  ${where.sql} AND (model_family, model, generation, ts) IN (SELECT model_family, model, generation, ts FROM picked)
),
ref_words AS (
  SELECT model_family, word, 1 AS in_top
  FROM (
    SELECT model_family, arraySlice(arraySort(x -> (-x.2, x.1), groupArray((word, c))), 1, {top_k:UInt32}) AS top
    FROM (
      SELECT model_family, word, count() AS c
      FROM model_samples
      ARRAY JOIN ${wordsSql('text')} AS word
      WHERE generation = 0 ${family} AND (model_family, model, ts) IN (
        SELECT model_family, model, ts FROM model_samples
        WHERE generation = 0 ${family}
        ORDER BY model_family, model, ts DESC
        LIMIT {ref_cap:UInt32} BY model_family, model
      )
      GROUP BY model_family, word
    )
    GROUP BY model_family
  )
  ARRAY JOIN arrayMap(x -> x.1, top) AS word
),
tail AS (
  SELECT ${k}, sumIf(c, in_top = 1) AS top_words, sum(c) AS all_words
  FROM (SELECT ${k}, word, count() AS c FROM sample_texts ARRAY JOIN w AS word GROUP BY ${k}, word) AS wc
  LEFT JOIN ref_words USING (model_family, word)
  GROUP BY ${k}
),
has_ref AS (
  SELECT model_family, 1 AS has_gen0 FROM model_samples WHERE generation = 0 ${family} GROUP BY model_family
),
sr AS (${selfRepetitionSumSql('sample_texts', aliases, 'w', 'text_key')}),
grouped AS (
  SELECT
    ${k},
    count() AS texts,
    sum(length(w)) AS tokens,
    ${METRIC_SQL.distinct('w')} AS distinct_1,
    ${METRIC_SQL.distinct('g2')} AS distinct_2,
    ${METRIC_SQL.distinct('g3')} AS distinct_3,
    ${METRIC_SQL.entropy('w')} AS entropy_1,
    ${METRIC_SQL.entropy('g2')} AS entropy_2,
    ${METRIC_SQL.ttr('w')} AS ttr,
    ${METRIC_SQL.corpus('ts', 'prompt_id', 'text')} AS corpus
  FROM (SELECT *, ${ngramsSql('w', 2)} AS g2, ${ngramsSql('w', 3)} AS g3 FROM sample_texts)
  GROUP BY ${k}
)
SELECT
  ${grouping.output.join(', ')},
  texts, tokens, distinct_1, distinct_2, distinct_3, entropy_1, entropy_2, ttr,
  sr_sum / texts AS self_repetition,
  ${METRIC_SQL.tailMass('has_gen0', 'top_words', 'all_words')} AS tail_mass,
  corpus
FROM grouped
LEFT JOIN sr USING (${k})
LEFT JOIN tail USING (${k})
LEFT JOIN has_ref USING (model_family)
ORDER BY ${k}`;
  return { sql, params: { ...where.params, cap: grouping.cap, ref_cap: SAMPLE_TEXTS.reference, top_k: TAIL_TOP_K } };
}

import { PROVENANCES } from '../../../src/lib/contract/streams';
import { chooseSource } from '../choose';
import type { SqlPanel, View } from '../definition';
import { ratio } from '../fragments';
import type { Source } from '../source';
import { buildWhere } from '../where';
import { ALL_GRAINS, CRAWL_DIMENSIONS, DETECTOR_SOURCES, NO_SCORE_BIN, SCORE_BIN_EXPR, SCORE_BINS } from './provenance-sql';

/**
 * How the detector scores documents of each provenance class: a histogram of ai_score in 20 bins.
 * Every bin of every class that has scores is a row, empty bins included, so the chart's x axis
 * is the same whatever the data. `share` is the bin's part of its class, which makes a class of
 * a thousand documents comparable with one of a million.
 */
export const detectorScores: SqlPanel = {
  kind: 'sql',
  info: {
    id: 'provenance.detector_scores',
    title: 'Detector scores by provenance',
    description:
      'Histogram of the AI-detector score (20 bins of 0.05) of documents crawled in the window, one series per provenance class; documents without a score are left out.',
    unit: 'count',
    chart: 'histogram',
    columns: [
      { name: 'score_from', label: 'Score from', role: 'dimension', unit: 'score' },
      { name: 'score_to', label: 'Score to', role: 'measure', unit: 'score' },
      { name: 'provenance', label: 'Provenance', role: 'series' },
      { name: 'docs', label: 'Documents', role: 'measure', unit: 'count' },
      { name: 'share', label: 'Share of the class', role: 'measure', unit: 'share' }
    ],
    streams: ['crawl'],
    dimensions: CRAWL_DIMENSIONS,
    grains: ALL_GRAINS,
    defaults: { from: 'now-30d', to: 'now' },
    refresh_ms: 30_000
  },
  build(view, opts) {
    const src = chooseSource(DETECTOR_SOURCES, view, opts?.forceRaw);
    const counts = countsFrom(src, view);
    // The grid of bins x classes, in the classes' display order; counts join onto it.
    const sql = `
SELECT score_from, score_to, provenance, docs, share
FROM (
  SELECT
    g.bin / ${SCORE_BINS} AS score_from,
    (g.bin + 1) / ${SCORE_BINS} AS score_to,
    provenance,
    c.docs AS docs,
    sum(c.docs) OVER (PARTITION BY provenance) AS class_docs,
    ${ratio('c.docs', 'class_docs')} AS share,
    g.p AS p,
    g.bin AS bin
  FROM (
    SELECT toUInt8(arrayJoin(range(${SCORE_BINS}))) AS bin, arrayJoin(arrayEnumerate({classes:Array(String)})) AS p,
      {classes:Array(String)}[p] AS provenance
  ) AS g
  LEFT JOIN (${counts.sql}) AS c USING (bin, provenance)
)
WHERE class_docs > 0
ORDER BY p, bin`;
    return { sql, params: { ...counts.params, classes: [...PROVENANCES] }, source: src.table };
  }
};

/** Scored documents per bin and class: summed from the rollup, or binned from the raw table. */
function countsFrom(src: Source, view: View): { sql: string; params: Record<string, unknown> } {
  const where = buildWhere(src, view.filters, view.fromMs, view.toMs);
  const sql = src.rollup
    ? `SELECT bin, toString(provenance) AS provenance, sum(docs) AS docs FROM ${src.table} ${where.sql} AND bin != ${NO_SCORE_BIN} GROUP BY bin, provenance`
    : `SELECT ${SCORE_BIN_EXPR} AS bin, toString(provenance) AS provenance, count() AS docs FROM ${src.table} ${where.sql} AND ai_score IS NOT NULL GROUP BY bin, provenance`;
  return { sql, params: where.params };
}

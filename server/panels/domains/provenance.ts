import type { Dimension, Grain } from '../../../src/lib/contract/filters';
import type { PanelDef, SqlPanel, View } from '../definition';
import { bucket, epochMs, ratio } from '../fragments';
import { pickSource, type Source } from '../source';
import { buildWhere, usedDimensions } from '../where';

/** Sources of crawl counts, cheapest first; the raw table answers anything. */
export const CRAWL_SOURCES: readonly Source[] = [
  {
    table: 'crawl_minute',
    time: { col: 'minute', type: 'DateTime' },
    dims: new Set<Dimension>(['content_type', 'lang']),
    finest: 'minute',
    // Kept 90 days; a day's margin keeps a window that starts at the edge on the raw table.
    retentionMs: 89 * 86_400_000,
    rollup: true
  },
  {
    table: 'crawl_daily',
    time: { col: 'day', type: 'Date' },
    dims: new Set<Dimension>(['content_type', 'lang']),
    finest: 'day',
    rollup: true
  },
  {
    table: 'crawl_documents',
    time: { col: 'ts', type: 'DateTime64' },
    dims: new Set<Dimension>(['content_type', 'lang', 'crawl_source', 'detector', 'tld', 'domain']),
    finest: 'minute',
    rollup: false
  }
];

export const CRAWL_DIMENSIONS: Dimension[] = ['domain', 'tld', 'lang', 'content_type', 'crawl_source', 'detector'];
export const ALL_GRAINS: Grain[] = ['minute', 'hour', 'day', 'week', 'month'];

/**
 * Counting fragments that read the same on a rollup (pre-summed docs, tokens) and on the raw
 * table (one row per document), so each panel's SQL is written once.
 */
export function crawlMeasures(rollup: boolean) {
  return rollup
    ? {
        docs: 'sum(docs)',
        tokens: 'sum(tokens)',
        docsIf: (c: string) => `sumIf(docs, ${c})`,
        tokensIf: (c: string) => `sumIf(tokens, ${c})`
      }
    : { docs: 'count()', tokens: 'sum(tokens)', docsIf: (c: string) => `countIf(${c})`, tokensIf: (c: string) => `sumIf(tokens, ${c})` };
}

export function crawlSource(view: View, forceRaw = false): Source {
  const raw = CRAWL_SOURCES[CRAWL_SOURCES.length - 1] as Source;
  return forceRaw ? raw : pickSource(CRAWL_SOURCES, view.grain, usedDimensions(view.filters), view.fromMs, view.now);
}

export const aiShare: SqlPanel = {
  kind: 'sql',
  info: {
    id: 'provenance.ai_share',
    title: 'AI share of newly crawled text',
    description:
      'Share of new tokens by provenance class (human, AI, mixed, unknown) per period, and the document-weighted AI share beside it.',
    unit: 'share',
    chart: 'stacked-share',
    columns: [
      { name: 't', label: 'Period start', role: 'time' },
      { name: 'docs', label: 'Documents', role: 'measure', unit: 'count' },
      { name: 'tokens', label: 'Tokens', role: 'measure', unit: 'tokens' },
      { name: 'human', label: 'Human (token share)', role: 'measure', unit: 'share' },
      { name: 'ai', label: 'AI (token share)', role: 'measure', unit: 'share' },
      { name: 'mixed', label: 'Mixed (token share)', role: 'measure', unit: 'share' },
      { name: 'unknown', label: 'Unknown (token share)', role: 'measure', unit: 'share' },
      { name: 'ai_docs', label: 'AI (document share)', role: 'measure', unit: 'share' }
    ],
    streams: ['crawl'],
    dimensions: CRAWL_DIMENSIONS,
    grains: ALL_GRAINS,
    defaults: { from: 'now-6y', to: 'now' },
    refresh_ms: 5_000
  },
  build(view, opts) {
    const src = crawlSource(view, opts?.forceRaw);
    const m = crawlMeasures(src.rollup);
    const where = buildWhere(src, view.filters, view.fromMs, view.toMs);
    const b = bucket(view.grain, src.time.col);
    const sql = `
SELECT
  ${epochMs('b')} AS t,
  ${m.docs} AS docs,
  ${m.tokens} AS tokens,
  ${ratio(m.tokensIf("provenance = 'human'"), m.tokens)} AS human,
  ${ratio(m.tokensIf("provenance = 'ai'"), m.tokens)} AS ai,
  ${ratio(m.tokensIf("provenance = 'mixed'"), m.tokens)} AS mixed,
  ${ratio(m.tokensIf("provenance = 'unknown'"), m.tokens)} AS unknown,
  ${ratio(m.docsIf("provenance = 'ai'"), m.docs)} AS ai_docs
FROM ${src.table}
${where.sql}
GROUP BY ${b} AS b
ORDER BY b`;
    return { sql, params: where.params, source: src.table };
  }
};

/** The provenance panels, in catalogue order. */
export const PROVENANCE_PANELS: PanelDef[] = [aiShare];

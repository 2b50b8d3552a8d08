import type { PanelDef, SqlPanel } from '../definition';
import { bucket, epochMs, ratio } from '../fragments';
import { byContentType, byLang } from './provenance-breakdown';
import { byDomain } from './provenance-domain';
import { detectorScores } from './provenance-scores';
import { ALL_GRAINS, CRAWL_DIMENSIONS, crawlMeasures, crawlRows } from './provenance-sql';
import { markerWords } from './provenance-markers';
import { humanTokens } from './provenance-tokens';

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
    defaults: { from: 'now-6y', to: 'now', grain: 'month' },
    refresh_ms: 5_000
  },
  build(view, opts) {
    const rows = crawlRows(view, 'time', opts?.forceRaw, true);
    const m = crawlMeasures(rows.rollup);
    const b = bucket(view.grain, rows.time);
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
FROM ${rows.from}
GROUP BY ${b} AS b
ORDER BY b`;
    return { sql, params: rows.params, source: rows.source };
  }
};

/** The provenance panels, in catalogue order. */
export const PROVENANCE_PANELS: PanelDef[] = [aiShare, markerWords, byDomain, byLang, byContentType, humanTokens, detectorScores];

import type { PanelInfo } from '../../../src/lib/contract/panels';
import type { SqlPanel } from '../definition';
import { ratio } from '../fragments';
import { ALL_GRAINS, CRAWL_DIMENSIONS, crawlMeasures, crawlRows } from './provenance-sql';

/** More languages or content types than anyone reads in one bar chart; `limit` narrows it. */
const DEFAULT_LIMIT = 100;

/**
 * Volumes and AI share per value of one crawl label over the window. The grain is not an axis
 * here: it says how finely the window's edges are honoured, and so which table is read (a day
 * grain or coarser reads the daily rollup in whole days, finer grains the minute rollup or the
 * raw table).
 */
function breakdown(id: PanelInfo['id'], dim: 'lang' | 'content_type', what: string, label: string): SqlPanel {
  return {
    kind: 'sql',
    info: {
      id,
      title: `AI share by ${what}`,
      description: `Documents, tokens and AI share (token- and document-weighted) of newly crawled text per ${what} in the window.`,
      unit: 'share',
      chart: 'bar',
      columns: [
        { name: dim, label, role: 'dimension', filter: dim },
        { name: 'docs', label: 'Documents', role: 'measure', unit: 'count' },
        { name: 'tokens', label: 'Tokens', role: 'measure', unit: 'tokens' },
        { name: 'ai_share', label: 'AI share (tokens)', role: 'measure', unit: 'share' },
        { name: 'ai_share_docs', label: 'AI share (documents)', role: 'measure', unit: 'share' }
      ],
      streams: ['crawl'],
      dimensions: CRAWL_DIMENSIONS,
      grains: ALL_GRAINS,
      defaults: { from: 'now-30d', to: 'now' },
      refresh_ms: 30_000
    },
    build(view, opts) {
      const rows = crawlRows(view, 'window', opts?.forceRaw);
      const m = crawlMeasures(rows.rollup);
      // Aliases docs and tokens shadow columns of the rollups: ORDER BY spells the sum out.
      const sql = `
SELECT
  ${dim},
  ${m.docs} AS docs,
  ${m.tokens} AS tokens,
  ${ratio(m.tokensIf("provenance = 'ai'"), m.tokens)} AS ai_share,
  ${ratio(m.docsIf("provenance = 'ai'"), m.docs)} AS ai_share_docs
FROM ${rows.from}
GROUP BY ${dim}
ORDER BY ${m.tokens} DESC, ${dim}
LIMIT {limit:UInt32}`;
      return { sql, params: { ...rows.params, limit: view.filters.limit ?? DEFAULT_LIMIT }, source: rows.source };
    }
  };
}

export const byLang = breakdown('provenance.by_lang', 'lang', 'language', 'Language');
export const byContentType = breakdown('provenance.by_content_type', 'content_type', 'content type', 'Content type');

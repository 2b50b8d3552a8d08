import type { SqlPanel } from '../definition';
import { bucket, epochMs } from '../fragments';
import { ALL_GRAINS, CRAWL_DIMENSIONS, crawlMeasures, crawlRows } from './provenance-sql';

/**
 * Tokens added per period by provenance class. Human tokens are what grows the stock of usable
 * text; the forecasts on live inputs (the simple model's defaults, the Epoch model's with
 * ai_share=on) discount the stock's growth by the share that is not human.
 */
export const humanTokens: SqlPanel = {
  kind: 'sql',
  info: {
    id: 'provenance.human_tokens',
    title: 'Human tokens added per period',
    description:
      'Newly crawled tokens per period by provenance: human, AI, mixed and unknown, and all together. Counted at crawl date, so a recrawled page counts again: human tokens crawled, not net additions to the stock of human text.',
    unit: 'tokens',
    chart: 'line',
    columns: [
      { name: 't', label: 'Period start', role: 'time' },
      { name: 'human', label: 'Human tokens', role: 'measure', unit: 'tokens' },
      { name: 'ai', label: 'AI tokens', role: 'measure', unit: 'tokens' },
      { name: 'mixed', label: 'Mixed tokens', role: 'measure', unit: 'tokens' },
      { name: 'unknown', label: 'Unknown tokens', role: 'measure', unit: 'tokens' },
      { name: 'tokens', label: 'All tokens', role: 'measure', unit: 'tokens' }
    ],
    streams: ['crawl'],
    dimensions: CRAWL_DIMENSIONS,
    grains: ALL_GRAINS,
    defaults: { from: 'now-6y', to: 'now', grain: 'month' },
    refresh_ms: 10_000
  },
  build(view, opts) {
    const rows = crawlRows(view, 'time', opts?.forceRaw, true);
    const m = crawlMeasures(rows.rollup);
    const b = bucket(view.grain, rows.time);
    const sql = `
SELECT
  ${epochMs('b')} AS t,
  ${m.tokensIf("provenance = 'human'")} AS human,
  ${m.tokensIf("provenance = 'ai'")} AS ai,
  ${m.tokensIf("provenance = 'mixed'")} AS mixed,
  ${m.tokensIf("provenance = 'unknown'")} AS unknown,
  ${m.tokens} AS tokens
FROM ${rows.from}
GROUP BY ${b} AS b
ORDER BY b`;
    return { sql, params: rows.params, source: rows.source };
  }
};

import type { SqlPanel } from '../definition';
import { ratio } from '../fragments';
import { twoPeriodRows } from '../month-split';
import { ALL_GRAINS, CRAWL_DIMENSIONS, CRAWL_RAW, DOMAIN_DAILY, DOMAIN_MONTHLY } from './provenance-sql';

const DEFAULT_TOP_N = 10;

/** The columns of the domain rollups: counts per domain, the AI ones beside them (0010, 0012). */
const DOMAIN_COLUMNS = ['domain', 'docs', 'tokens', 'ai_docs', 'ai_tokens'];

/** Sums that read the same on the domain rollups and on the raw table (a row per document). */
function domainMeasures(rollup: boolean) {
  return rollup
    ? {
        docsIf: (c: string) => `sumIf(docs, ${c})`,
        tokensIf: (c: string) => `sumIf(tokens, ${c})`,
        aiTokensIf: (c: string) => `sumIf(ai_tokens, ${c})`
      }
    : {
        docsIf: (c: string) => `countIf(${c})`,
        tokensIf: (c: string) => `sumIf(tokens, ${c})`,
        aiTokensIf: (c: string) => `sumIf(tokens, ${c} AND provenance = 'ai')`
      };
}

/**
 * Top domains by tokens in the window, with their AI token share now and in the window of equal
 * length before it. With no filter but domain and tld, a window's whole months come from the
 * monthly domain rollup and its other days from the daily one (migrations 0010-0013); any other
 * filter, or a grain finer than a day, reads the raw table.
 */
export const byDomain: SqlPanel = {
  kind: 'sql',
  info: {
    id: 'provenance.by_domain',
    title: 'Top domains and their AI share',
    description:
      'The domains with the most newly crawled tokens in the window (top 10, or `limit`), their AI token share, the share in the previous window of equal length, and the change between the two.',
    unit: 'share',
    chart: 'bar',
    columns: [
      { name: 'domain', label: 'Domain', role: 'dimension', filter: 'domain' },
      { name: 'docs', label: 'Documents', role: 'measure', unit: 'count' },
      { name: 'tokens', label: 'Tokens', role: 'measure', unit: 'tokens' },
      { name: 'ai_share', label: 'AI share (tokens)', role: 'measure', unit: 'share' },
      { name: 'ai_share_prev', label: 'AI share, previous period', role: 'measure', unit: 'share' },
      { name: 'change', label: 'Change in AI share', role: 'measure', unit: 'points' }
    ],
    streams: ['crawl'],
    dimensions: CRAWL_DIMENSIONS,
    grains: ALL_GRAINS,
    // A week against the week before, in whole days: the daily domain rollup has a row per
    // domain a day, so a short window is what keeps the default view cheap.
    defaults: { from: 'now-7d', to: 'now', grain: 'day' },
    refresh_ms: 30_000
  },
  build(view, opts) {
    const rows = twoPeriodRows({ daily: DOMAIN_DAILY, monthly: DOMAIN_MONTHLY, raw: CRAWL_RAW }, view, DOMAIN_COLUMNS, opts?.forceRaw);
    const m = domainMeasures(rows.rollup);
    const cur = `(${rows.isCurrent})`;
    // Inner aliases are no column of any source, so the outer arithmetic reads the sums.
    const sql = `
SELECT
  domain,
  cur_docs AS docs,
  cur_tokens AS tokens,
  ${ratio('cur_ai', 'cur_tokens')} AS ai_share,
  ${ratio('prev_ai', 'prev_tokens')} AS ai_share_prev,
  ai_share - ai_share_prev AS change
FROM (
  SELECT
    domain,
    ${m.docsIf(cur)} AS cur_docs,
    ${m.tokensIf(cur)} AS cur_tokens,
    ${m.aiTokensIf(cur)} AS cur_ai,
    ${m.tokensIf(`NOT ${cur}`)} AS prev_tokens,
    ${m.aiTokensIf(`NOT ${cur}`)} AS prev_ai
  FROM ${rows.from}
  GROUP BY domain
  HAVING cur_docs > 0
)
ORDER BY tokens DESC, domain
LIMIT {limit:UInt32}`;
    return { sql, params: { ...rows.params, limit: view.filters.limit ?? DEFAULT_TOP_N }, source: rows.source };
  }
};

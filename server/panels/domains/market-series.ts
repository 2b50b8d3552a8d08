import type { ColumnInfo, PanelInfo } from '../../../src/lib/contract/panels';
import type { SqlPanel, View } from '../definition';
import { bucket, epochMs, ratio } from '../fragments';
import { MARKET_DIMENSIONS, MARKET_GRAINS, marketMeasures, marketRows } from './market-sql';

type Measures = ReturnType<typeof marketMeasures>;

const LEAD: ColumnInfo[] = [
  { name: 't', label: 'Period start', role: 'time' },
  { name: 'category', label: 'Category', role: 'series', filter: 'category' }
];

/**
 * A market time series by category: one row per period and category, measures from `select`.
 * The three panels below differ only in their info and measures.
 */
function categorySeries(
  info: Omit<PanelInfo, 'columns' | 'streams' | 'dimensions' | 'grains'> & { columns: ColumnInfo[] },
  select: (m: Measures) => string[]
): SqlPanel {
  return {
    kind: 'sql',
    info: { ...info, columns: [...LEAD, ...info.columns], streams: ['market'], dimensions: MARKET_DIMENSIONS, grains: MARKET_GRAINS },
    build(view: View, opts) {
      const rows = marketRows(view, 'time', opts?.forceRaw);
      const b = bucket(view.grain, rows.time);
      const sql = `
SELECT
  ${epochMs('b')} AS t,
  toString(category) AS category,
  ${select(marketMeasures(rows.rollup)).join(',\n  ')}
FROM ${rows.from}
GROUP BY ${b} AS b, category
ORDER BY b, category`;
      return { sql, params: rows.params, source: rows.source };
    }
  };
}

export const aiMentions = categorySeries(
  {
    id: 'market.ai_mentions',
    title: 'Postings that mention AI',
    description: 'Share of postings per period and category whose text mentions AI tools or AI-generated content.',
    unit: 'share',
    chart: 'line',
    columns: [
      { name: 'postings', label: 'Postings', role: 'measure', unit: 'count' },
      { name: 'ai_postings', label: 'Postings mentioning AI', role: 'measure', unit: 'count' },
      { name: 'share', label: 'Share mentioning AI', role: 'measure', unit: 'share' }
    ],
    defaults: { from: '2020-01-01', to: 'now', grain: 'month' },
    refresh_ms: 60_000
  },
  (m) => [`${m.postings} AS postings`, `${m.aiPostings} AS ai_postings`, `${ratio(m.aiPostings, m.postings)} AS share`]
);

export const bids = categorySeries(
  {
    id: 'market.bids',
    title: 'Bids per posting',
    description: 'Mean number of bids a posting receives, per period and category: how many freelancers compete for the work.',
    unit: 'ratio',
    chart: 'line',
    columns: [
      { name: 'postings', label: 'Postings', role: 'measure', unit: 'count' },
      { name: 'mean_bids', label: 'Mean bids per posting', role: 'measure', unit: 'ratio' }
    ],
    defaults: { from: '2020-01-01', to: 'now', grain: 'month' },
    refresh_ms: 60_000
  },
  (m) => [`${m.postings} AS postings`, `${ratio(m.bids, m.postings)} AS mean_bids`]
);

import type { SqlPanel } from '../definition';
import { twoPeriodRows } from '../month-split';
import { GRAINS } from '../../../src/lib/contract/filters';
import { MARKET_COLUMNS, MARKET_DAILY, MARKET_DIMENSIONS, MARKET_MONTHLY, MARKET_RAW, marketMeasures } from './market-sql';

const DEFAULT_LIMIT = 100;

/**
 * Postings per region in the window and in the window of equal length before it. Like the
 * crawl breakdowns, the grain only says how finely the window's edges are honoured: day and
 * coarser read the rollups in whole days (whole months from market_monthly), finer grains the
 * raw table.
 */
export const byRegion: SqlPanel = {
  kind: 'sql',
  info: {
    id: 'market.by_region',
    title: 'Postings by region',
    description: 'Postings per region in the window, in the previous window of equal length, and the relative change between them.',
    unit: 'count',
    chart: 'bar',
    columns: [
      { name: 'region', label: 'Region', role: 'dimension', filter: 'region' },
      { name: 'postings', label: 'Postings', role: 'measure', unit: 'count' },
      { name: 'postings_prev', label: 'Postings, previous period', role: 'measure', unit: 'count' },
      { name: 'change', label: 'Change', role: 'measure', unit: 'change' }
    ],
    streams: ['market'],
    dimensions: MARKET_DIMENSIONS,
    grains: [...GRAINS],
    defaults: { from: 'now-30d', to: 'now' },
    refresh_ms: 60_000
  },
  build(view, opts) {
    const rows = twoPeriodRows({ daily: MARKET_DAILY, monthly: MARKET_MONTHLY, raw: MARKET_RAW }, view, MARKET_COLUMNS, opts?.forceRaw);
    const m = marketMeasures(rows.rollup);
    const cur = `(${rows.isCurrent})`;
    // Inner aliases are not column names of either source, so the outer arithmetic reads the sums.
    const sql = `
SELECT
  region,
  cur_postings AS postings,
  prev_postings AS postings_prev,
  if(prev_postings = 0, NULL, cur_postings / prev_postings - 1) AS change
FROM (
  SELECT
    region,
    ${m.postingsIf(cur)} AS cur_postings,
    ${m.postingsIf(`NOT ${cur}`)} AS prev_postings
  FROM ${rows.from}
  GROUP BY region
  HAVING cur_postings > 0 OR prev_postings > 0
)
ORDER BY postings DESC, region
LIMIT {limit:UInt32}`;
    return { sql, params: { ...rows.params, limit: view.filters.limit ?? DEFAULT_LIMIT }, source: rows.source };
  }
};

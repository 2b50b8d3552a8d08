import type { SqlPanel } from '../definition';
import { bucket, epochMs } from '../fragments';
import { BUDGET_BINS_PER_DECADE, MARKET_DIMENSIONS, MARKET_GRAINS, budgetRows } from './market-sql';

/**
 * The median of a group's budget histogram, from the rows of the group (one per bin per day or
 * month, a bin may repeat): sort the rows by bin, find the bin where the cumulative count
 * reaches half, and place the median inside that bin at the fraction of its postings still
 * needed, on the log scale the bins are laid out on. Within one bin's width (4.7%) of the exact
 * median, much closer once a group has more than a handful of postings, and the same on the
 * rollups and the raw table, which bin alike. Two flat arrays, not an array of pairs: ClickHouse
 * gathers them several times faster.
 */
const MEDIAN = `
    groupArray(bin) AS bins,
    groupArray(postings) AS counts,
    arraySort(bins) AS sorted_bins,
    arraySort((n, x) -> x, counts, bins) AS sorted_counts,
    sorted_bins[arrayFirstIndex(c -> c * 2 >= cnt, arrayCumSum(sorted_counts))] AS mid_bin,
    arraySum(arrayMap((n, x) -> if(x < mid_bin, n, 0), sorted_counts, sorted_bins)) AS below,
    arraySum(arrayMap((n, x) -> if(x = mid_bin, n, 0), sorted_counts, sorted_bins)) AS in_bin,
    round(pow(10, (mid_bin + (cnt / 2 - below) / in_bin) / ${BUDGET_BINS_PER_DECADE}), 2) AS median`;

/**
 * Budgets per posting. Hourly rates and fixed prices differ by orders of magnitude, so each has
 * its own median and mean; a mix of the two would move with the mix rather than with prices.
 */
export const rates: SqlPanel = {
  kind: 'sql',
  info: {
    id: 'market.rates',
    title: 'Budgets per posting',
    description:
      'Median and mean budget per posting by category and period, fixed-price and hourly apart (USD; hourly in USD per hour), and how many postings named a budget. Medians are read from a histogram of 4.7%-wide bins.',
    unit: 'usd',
    chart: 'line',
    columns: [
      { name: 't', label: 'Period start', role: 'time' },
      { name: 'category', label: 'Category', role: 'series', filter: 'category' },
      { name: 'priced', label: 'Postings with a budget', role: 'measure', unit: 'count' },
      { name: 'median_fixed', label: 'Median fixed budget', role: 'measure', unit: 'usd' },
      { name: 'mean_fixed', label: 'Mean fixed budget', role: 'measure', unit: 'usd' },
      { name: 'median_hourly', label: 'Median hourly rate', role: 'measure', unit: 'usd' },
      { name: 'mean_hourly', label: 'Mean hourly rate', role: 'measure', unit: 'usd' }
    ],
    streams: ['market'],
    dimensions: MARKET_DIMENSIONS,
    grains: MARKET_GRAINS,
    defaults: { from: '2020-01-01', to: 'now', grain: 'month' },
    refresh_ms: 60_000
  },
  build(view, opts) {
    const rows = budgetRows(view, opts?.forceRaw);
    // The median per period, category and pricing; then fixed and hourly side by side. Means
    // are in whole cents: float sums differ in their last bits with the order rows are added in.
    const sql = `
SELECT
  ${epochMs('b')} AS t,
  category,
  sum(cnt) AS priced,
  if(sumIf(cnt, NOT hourly) = 0, NULL, anyIf(median, NOT hourly)) AS median_fixed,
  if(sumIf(cnt, NOT hourly) = 0, NULL, round(sumIf(amount, NOT hourly) / sumIf(cnt, NOT hourly), 2)) AS mean_fixed,
  if(sumIf(cnt, hourly) = 0, NULL, anyIf(median, hourly)) AS median_hourly,
  if(sumIf(cnt, hourly) = 0, NULL, round(sumIf(amount, hourly) / sumIf(cnt, hourly), 2)) AS mean_hourly
FROM (
  SELECT
    ${bucket(view.grain, rows.time)} AS b,
    toString(category) AS category,
    hourly,
    sum(postings) AS cnt,
    sum(budget_sum) AS amount,${MEDIAN}
  FROM ${rows.from}
  GROUP BY b, category, hourly
)
GROUP BY b, category
ORDER BY b, category`;
    return { sql, params: rows.params, source: rows.source };
  }
};

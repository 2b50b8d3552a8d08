import type { PanelRow } from '../../../src/lib/contract/socket';
import { leftOutFor } from '../../engine/left-out';
import { liveDefaultsFor } from '../../forecast/live-cache';
import { defaultAsOf, runForecastRequest } from '../../forecast/request';
import type { ComputedPanel, PanelDef } from '../definition';

/**
 * The peak-data forecast as a panel: GET /api/forecast with no parameters (Epoch AI's model,
 * pooled projection, the paper's inputs), one row per year. Each row carries the two curves with
 * their 90% bands, the probability that the stock is used up by the end of that year, the share
 * of draws crossing in that year, the exhaustion summary and the paper's own result (the same on
 * every row), so one table, one CSV and one chart come from the columns.
 */
const peakData: ComputedPanel = {
  kind: 'computed',
  info: {
    id: 'forecast.peak_data',
    title: 'When the largest training dataset reaches the stock of human text',
    description:
      "Epoch AI's data-exhaustion model (Villalobos et al., ICML 2024) rebuilt with the paper's inputs: 100,000 draws (seed 1) of the " +
      'effective stock of human text (indexed web x quality x repetition) and of the largest training dataset, pooled from the historical ' +
      "trend of 80 models and a compute-based projection (Besiroglu et al. 2022, Table 1, standing in for Epoch's unpublished projection file), " +
      'each drawn as a median with its 90% band (5th to 95th percentile). Below, on a chart of its own: the probability that the stock is used ' +
      'up by the end of each year, the share of draws crossing in each year, and the median exhaustion year with its 80% interval (10th to ' +
      "90th percentile, as the paper states it) beside the paper's (2028, 2026-2032). The compute branch comes out later and wider than " +
      "the paper's, which used Epoch's faster projection. Draws before the window's end (`to`, the forecast's as-of day) count as already crossed. " +
      'Other branches, live inputs and the simple model: GET /api/forecast and the what-if.',
    unit: 'tokens',
    chart: 'forecast',
    columns: [
      { name: 't', label: 'Year (1 January)', role: 'time' },
      { name: 'year', label: 'Year', role: 'measure', unit: 'year' },
      { name: 'stock_p5', label: 'Human stock, 5th percentile', role: 'measure', unit: 'tokens' },
      { name: 'stock_p50', label: 'Human stock, median', role: 'measure', unit: 'tokens' },
      { name: 'stock_p95', label: 'Human stock, 95th percentile', role: 'measure', unit: 'tokens' },
      { name: 'demand_p5', label: 'Largest dataset, 5th percentile', role: 'measure', unit: 'tokens' },
      { name: 'demand_p50', label: 'Largest dataset, median', role: 'measure', unit: 'tokens' },
      { name: 'demand_p95', label: 'Largest dataset, 95th percentile', role: 'measure', unit: 'tokens' },
      { name: 'p_exhausted', label: 'P(stock used up by the end of the year)', role: 'measure', unit: 'probability' },
      { name: 'exhaustion_p10', label: 'Exhaustion year, 10th percentile', role: 'measure', unit: 'year' },
      { name: 'exhaustion_median', label: 'Exhaustion year, median', role: 'measure', unit: 'year' },
      { name: 'exhaustion_p90', label: 'Exhaustion year, 90th percentile', role: 'measure', unit: 'year' },
      { name: 'crossing_share', label: 'Share of draws crossing in the year', role: 'measure', unit: 'share' },
      { name: 'paper_median', label: 'Paper: exhaustion year, median', role: 'measure', unit: 'year' },
      { name: 'paper_p10', label: 'Paper: exhaustion year, 10th percentile', role: 'measure', unit: 'year' },
      { name: 'paper_p90', label: 'Paper: exhaustion year, 90th percentile', role: 'measure', unit: 'year' },
      { name: 'as_of', label: 'Forecast as of', role: 'measure', unit: 'year' }
    ],
    streams: ['training', 'crawl'],
    // Computed from the paper's inputs only: no row of either stream enters the figures, so
    // simulated crawl rows never make it simulated (src/lib/shared/origin.ts).
    simulated_via: [],
    origin: 'published',
    dimensions: [],
    // The forecast has no time buckets; one grain keeps every view of it one subscription.
    grains: ['month'],
    defaults: { from: 'now-1y', to: 'now', grain: 'month' },
    // Its figures move with as_of (the day), so a timer of minutes keeps them current.
    refresh_ms: 300_000
  },
  // A training import may change the stored runs left out, which the answer names; a crawl write
  // changes nothing here (the crawl share enters only the what-if's live inputs), yet refreshed
  // the panel on every crawl write, several a second while the simulator runs.
  changedBy: ['training'],
  async compute(engine, view) {
    const asOf = defaultAsOf(view.toMs);
    const defaults = await liveDefaultsFor(engine).get(asOf);
    leftOutFor(engine).record('forecast.peak_data', defaults.leftOut);
    const outcome = runForecastRequest(defaults, {});
    if (!outcome.ok) throw new Error(`forecast defaults out of order: ${outcome.message}`);
    const r = outcome.response;
    return r.probability_by_year.map(({ year, p }, i): PanelRow => {
      const s = r.stock[i];
      const d = r.demand[i];
      return {
        t: Date.UTC(year, 0, 1),
        year,
        stock_p5: s?.p5 ?? null,
        stock_p50: s?.p50 ?? null,
        stock_p95: s?.p95 ?? null,
        demand_p5: d?.p5 ?? null,
        demand_p50: d?.p50 ?? null,
        demand_p95: d?.p95 ?? null,
        p_exhausted: p,
        exhaustion_p10: r.exhaustion.p10_year,
        exhaustion_median: r.exhaustion.median_year,
        exhaustion_p90: r.exhaustion.p90_year,
        crossing_share: r.histogram[i]?.share ?? null,
        paper_median: r.paper.median_year,
        paper_p10: r.paper.p10_year,
        paper_p90: r.paper.p90_year,
        as_of: r.as_of
      };
    });
  }
};

/** The forecast panels, in catalogue order. */
export const FORECAST_PANELS: PanelDef[] = [peakData];

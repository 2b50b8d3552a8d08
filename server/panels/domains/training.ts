import { trainingRowProblem } from '../../../src/lib/contract/bounds';
import type { PanelRow } from '../../../src/lib/contract/socket';
import { leftOutFor, partitionRows } from '../../engine/left-out';
import { liveDefaultsFor } from '../../forecast/live-cache';
import { LIVE_SETTINGS } from '../../forecast/live-defaults';
import { defaultAsOf } from '../../forecast/request';
import { toDecimalYear } from '../../../src/lib/contract/days';
import type { ComputedPanel, PanelDef } from '../definition';
import { epochMs } from '../fragments';
import type { Source } from '../source';
import { buildWhere } from '../where';

/** training_runs as a panel source: filtered by model, read with FINAL (one row per model). */
const TRAINING_SOURCE: Source = {
  table: 'training_runs',
  time: { col: 'published', type: 'Date' },
  dims: new Set(['model']),
  finest: 'day',
  rollup: false,
  final: true
};

/**
 * Published training runs over time with the live demand trend drawn through them: the trend the
 * simple model's live defaults use (GET /api/forecast?model=simple, the same cache), fitted to the
 * frontier of ALL runs from 2010 on whatever the panel's window or model filter. The default
 * forecast (Epoch's model, published inputs) uses Epoch's own 80-model regression instead, not
 * this line. `frontier` marks the runs the fit used (top 10 at release).
 */
const datasetSizes: ComputedPanel = {
  kind: 'computed',
  info: {
    id: 'training.dataset_sizes',
    title: 'Training dataset sizes',
    citations: [
      {
        source: 'Epoch AI, data/dataset_sizes.csv of the data-stock repository (Villalobos et al., ICML 2024)',
        licence: 'CC BY 4.0',
        url: 'https://github.com/epoch-research/data-stock'
      }
    ],
    description:
      'Published training runs (training tokens by publication date, log scale) with the fitted trend of the largest datasets: ' +
      'the bootstrap median of log10(tokens) on date over the frontier (top 10 at release) of all runs since 2010. This line is the demand ' +
      "input of the live forecasts (inputs=live, model=simple); the default forecast uses Epoch AI's own regression over the 80 models of its " +
      "dataset_sizes.csv (Villalobos et al., ICML 2024). Runs from Epoch AI's data (CC BY 4.0): dataset sizes in words become tokens at " +
      "x 4/5, as Epoch's code converts them.",
    unit: 'tokens',
    chart: 'scatter-log',
    columns: [
      { name: 't', label: 'Published', role: 'time' },
      { name: 'model', label: 'Model', role: 'dimension', filter: 'model' },
      { name: 'organization', label: 'Organization', role: 'dimension' },
      { name: 'training_tokens', label: 'Training tokens', role: 'measure', unit: 'tokens' },
      { name: 'parameters', label: 'Parameters', role: 'measure', unit: 'count' },
      { name: 'compute_flop', label: 'Training compute (FLOP)', role: 'measure', unit: 'count' },
      { name: 'frontier', label: 'In the trend fit (top 10 at release)', role: 'measure', unit: 'count' },
      { name: 'trend', label: 'Trend of the largest datasets (bootstrap median)', role: 'measure', unit: 'tokens' },
      { name: 'source', label: 'Source', role: 'dimension' }
    ],
    streams: ['training'],
    // training_runs holds published runs (Epoch AI's tables, the paper's points, imports of
    // either); the simulator never writes it.
    origin: 'published',
    dimensions: ['model'],
    grains: ['month'],
    defaults: { from: '2010-01-01', to: 'now', grain: 'month' },
    refresh_ms: 300_000
  },
  async compute(engine, view, tag) {
    const where = buildWhere(TRAINING_SOURCE, view.filters, view.fromMs, view.toMs);
    const read = await engine.rows<PanelRow>(
      `SELECT ${epochMs('published')} AS t, model, organization, training_tokens, parameters, compute_flop, source
       FROM training_runs FINAL
       ${where.sql}
       ORDER BY published, model`,
      { tag, params: where.params }
    );
    // Runs beyond what a training run can be are left out of the chart and named, as the forecast does.
    const { kept: runs, left } = partitionRows('training_runs', read, trainingRowProblem, (r) => String(r.model));
    leftOutFor(engine).record('training.dataset_sizes', left);
    const defaults = await liveDefaultsFor(engine).get(defaultAsOf(view.now));
    const inFit = new Set(defaults.frontier.map((f) => f.model));
    const trend = defaults.trend;
    return runs.map((r) => {
      const year = toDecimalYear(new Date(Number(r.t)));
      // The line from the bootstrap medians: level at as_of moved along the median growth.
      const line = trend && year >= LIVE_SETTINGS.fitFromYear ? trend.level.p50 * trend.growth.p50 ** (year - defaults.asOf) : null;
      return {
        t: Number(r.t),
        model: r.model ?? null,
        organization: r.organization ?? null,
        training_tokens: r.training_tokens === null ? null : Number(r.training_tokens),
        parameters: r.parameters ?? null,
        compute_flop: r.compute_flop ?? null,
        frontier: inFit.has(String(r.model)) ? 1 : 0,
        trend: line,
        source: r.source ?? null
      };
    });
  }
};

/** The training panels, in catalogue order. */
export const TRAINING_PANELS: PanelDef[] = [datasetSizes];

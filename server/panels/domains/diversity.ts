import { GRAINS } from '../../../src/lib/contract/filters';
import type { ColumnInfo } from '../../../src/lib/contract/panels';
import { diversityRows } from '../../diversity/compute';
import { DIVERSITY_METRICS } from '../../diversity/metrics';
import { SAMPLE_TEXTS, diversitySql } from './diversity-sql';
import type { ComputedPanel, PanelDef, View } from '../definition';
import { bucket, epochMs } from '../fragments';
import type { Source } from '../source';
import { buildWhere } from '../where';

/** model_samples as a panel source: filtered by family and model; texts are never pre-aggregated. */
const SAMPLES_SOURCE: Source = {
  table: 'model_samples',
  time: { col: 'ts', type: 'DateTime64' },
  dims: new Set(['model_family', 'model']),
  finest: 'minute',
  rollup: false
};

/** Sample size and every metric of server/diversity/metrics.ts, in its order. */
const METRIC_COLUMNS: ColumnInfo[] = [
  { name: 'texts', label: 'Texts in the sample', role: 'measure', unit: 'count' },
  { name: 'tokens', label: 'Words in the sample', role: 'measure', unit: 'count' },
  ...DIVERSITY_METRICS.map((m): ColumnInfo => ({ name: m.name, label: m.label, role: 'measure', unit: m.unit }))
];

const METHOD =
  'Metrics (docs/METHODS.md): distinct-1/2/3, unigram and bigram entropy in bits, type-token ratio, gzip compression ratio, ' +
  '4-gram self-repetition, and tail mass (share of words outside the 100 most frequent of generation 0).';

function where(view: View) {
  return buildWhere(SAMPLES_SOURCE, view.filters, view.fromMs, view.toMs);
}

export const byGeneration: ComputedPanel = {
  kind: 'computed',
  info: {
    id: 'diversity.by_generation',
    title: 'Diversity of model output by generation',
    description:
      `How diverse the texts of each generation of recursively trained models are, per model family and model, ` +
      `over the ${SAMPLE_TEXTS.byGeneration} most recent texts of each generation in the window. ${METHOD}`,
    unit: 'ratio',
    chart: 'line',
    columns: [
      { name: 'model_family', label: 'Model family', role: 'dimension', filter: 'model_family' },
      { name: 'model', label: 'Model', role: 'series', filter: 'model' },
      { name: 'generation', label: 'Generation', role: 'dimension' },
      ...METRIC_COLUMNS
    ],
    streams: ['samples'],
    dimensions: ['model_family', 'model'],
    // Not bucketed in time; one grain keeps every view of it one subscription.
    grains: ['month'],
    defaults: { from: 'now-10y', to: 'now', grain: 'month' },
    refresh_ms: 60_000
  },
  async compute(engine, view, tag) {
    const q = diversitySql(
      where(view),
      {
        keys: [
          ['model_family', 'model_family'],
          ['model', 'model'],
          ['generation', 'generation']
        ],
        output: ['model_family', 'model', 'generation'],
        cap: SAMPLE_TEXTS.byGeneration
      },
      (view.filters.model_family?.length ?? 0) > 0
    );
    return diversityRows(engine, q, ['model_family', 'model', 'generation'], tag);
  }
};

export const trend: ComputedPanel = {
  kind: 'computed',
  info: {
    id: 'diversity.trend',
    title: 'Diversity of model output over time',
    description:
      `The diversity metrics per model and period, over the ${SAMPLE_TEXTS.trend} most recent texts of each model in each period ` +
      `(all generations the period holds). ${METHOD}`,
    unit: 'ratio',
    chart: 'line',
    columns: [
      { name: 't', label: 'Period start', role: 'time' },
      { name: 'model_family', label: 'Model family', role: 'dimension', filter: 'model_family' },
      { name: 'model', label: 'Model', role: 'series', filter: 'model' },
      ...METRIC_COLUMNS
    ],
    streams: ['samples'],
    dimensions: ['model_family', 'model'],
    // Every grain: the per-period sample cap bounds the texts read however fine the buckets.
    grains: [...GRAINS],
    defaults: { from: 'now-6y', to: 'now' },
    refresh_ms: 60_000
  },
  async compute(engine, view, tag) {
    const q = diversitySql(
      where(view),
      {
        keys: [
          [bucket(view.grain, 'ts'), 'b'],
          ['model_family', 'model_family'],
          ['model', 'model']
        ],
        output: [`${epochMs('b')} AS t`, 'model_family', 'model'],
        cap: SAMPLE_TEXTS.trend
      },
      (view.filters.model_family?.length ?? 0) > 0
    );
    return diversityRows(engine, q, ['t', 'model_family', 'model'], tag);
  }
};

/** The diversity panels, in catalogue order. */
export const DIVERSITY_PANELS: PanelDef[] = [byGeneration, trend];

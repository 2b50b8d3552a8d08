import type { Grain } from '../../../src/lib/contract/filters';
import type { ColumnInfo } from '../../../src/lib/contract/panels';
import { diversityRows } from '../../diversity/compute';
import { DISTINCT_RELATIVE_ERROR, DIVERSITY_METRICS } from '../../diversity/metrics';
import { COLLAPSE_FAMILY } from '../../simulate/collapse';
import { COLLAPSE_REPLICATES, distinctReplicateBands, distinctReplicateRange } from '../../simulate/collapse-bands';
import { byGenerationSql, trendSql } from './diversity-sql';
import type { ComputedPanel, PanelDef } from '../definition';

const TREND_GRAINS = ['day', 'week', 'month'] as const;
function isTrendGrain(g: Grain): g is (typeof TREND_GRAINS)[number] {
  return (TREND_GRAINS as readonly Grain[]).includes(g);
}

/** Sample size and the metrics of server/diversity/metrics.ts in its order; per generation all of them. */
function metricColumns(byGeneration: boolean): ColumnInfo[] {
  return [
    { name: 'texts', label: 'Texts in the group', role: 'measure', unit: 'count' },
    { name: 'tokens', label: 'Words in the group', role: 'measure', unit: 'count' },
    ...DIVERSITY_METRICS.filter((m) => byGeneration || !m.generationOnly).map((m): ColumnInfo => ({
      name: m.name,
      label: m.label,
      role: 'measure',
      unit: m.unit
    }))
  ];
}
const GENERATION_METRICS = metricColumns(true);
const TREND_METRICS = metricColumns(false);

const METHOD =
  'Metrics (docs/METHODS.md): distinct-1/2/3 (distinct n-grams counted by a sketch: exact for small groups, ' +
  `within ${(DISTINCT_RELATIVE_ERROR * 100).toFixed(1)}% beyond), type-token ratio, and compression ratio (summed bytes over summed per-text gzip sizes)`;

const byGeneration: ComputedPanel = {
  kind: 'computed',
  info: {
    id: 'diversity.by_generation',
    title: 'Diversity of model output by generation',
    description:
      `How diverse the texts of each generation of recursively trained models are, per model family and model, ` +
      `over all texts of each generation, whatever the time window. ${METHOD}; ` +
      `also unigram entropy in bits and tail mass (share of words outside the 100 most frequent of generation 0). ` +
      `The band around each simulated model's line is the lowest to highest distinct-1 of ${COLLAPSE_REPLICATES} replicate runs of the simulation ` +
      `(seeds 1-${COLLAPSE_REPLICATES}, 200 texts a generation, counted exactly): how far another run could land.`,
    unit: 'ratio',
    chart: 'line',
    columns: [
      { name: 'model_family', label: 'Model family', role: 'dimension', filter: 'model_family' },
      { name: 'model', label: 'Model', role: 'series', filter: 'model' },
      { name: 'generation', label: 'Generation', role: 'dimension' },
      ...GENERATION_METRICS,
      {
        name: 'distinct_1_rep_min',
        label: `Distinct-1, lowest of ${COLLAPSE_REPLICATES} replicate runs (simulated models)`,
        role: 'measure',
        unit: 'ratio'
      },
      {
        name: 'distinct_1_rep_max',
        label: `Distinct-1, highest of ${COLLAPSE_REPLICATES} replicate runs (simulated models)`,
        role: 'measure',
        unit: 'ratio'
      }
    ],
    streams: ['samples'],
    dimensions: ['model_family', 'model'],
    // Not bucketed in time; one grain keeps every view of it one subscription.
    grains: ['month'],
    defaults: { from: 'now-10y', to: 'now', grain: 'month' },
    refresh_ms: 60_000
  },
  async compute(engine, view, tag) {
    const keys = ['model_family', 'model', 'generation'];
    const rows = await diversityRows(
      engine,
      byGenerationSql(view.filters),
      keys,
      GENERATION_METRICS.map((c) => c.name),
      tag
    );
    const bands = rows.some((r) => r.model_family === COLLAPSE_FAMILY) ? await distinctReplicateBands() : new Map();
    return rows.map((r) => {
      const band = distinctReplicateRange(bands, r.model_family, r.model, r.generation);
      return { ...r, distinct_1_rep_min: band?.min ?? null, distinct_1_rep_max: band?.max ?? null };
    });
  }
};

export const trend: ComputedPanel = {
  kind: 'computed',
  info: {
    id: 'diversity.trend',
    title: 'Diversity of model output over time',
    description:
      `The diversity metrics per model and period, over all texts of each model in each period ` +
      `(all generations the period holds; the window in whole periods). ${METHOD}.`,
    unit: 'ratio',
    chart: 'line',
    columns: [
      { name: 't', label: 'Period start', role: 'time' },
      { name: 'model_family', label: 'Model family', role: 'dimension', filter: 'model_family' },
      { name: 'model', label: 'Model', role: 'series', filter: 'model' },
      ...TREND_METRICS
    ],
    streams: ['samples'],
    dimensions: ['model_family', 'model'],
    // The rollups hold days, weeks and months; finer buckets would need a rollup per minute.
    grains: [...TREND_GRAINS],
    defaults: { from: 'now-6y', to: 'now' },
    refresh_ms: 60_000
  },
  async compute(engine, view, tag) {
    const grain = view.grain;
    if (!isTrendGrain(grain)) throw new Error(`diversity.trend has no rollup for grain ${grain}`);
    const q = trendSql(view.filters, grain, view.fromMs, view.toMs);
    return diversityRows(
      engine,
      q,
      ['t', 'model_family', 'model'],
      TREND_METRICS.map((c) => c.name),
      tag
    );
  }
};

/** The diversity panels, in catalogue order. */
export const DIVERSITY_PANELS: PanelDef[] = [byGeneration, trend];

import type { Assumption, ForecastResponse } from '../contract/forecast';
import { FORECAST_DEFAULTS } from '../contract/forecast';
import { forecastChart, type BandSeries } from '../shared/options/forecast';
import type { ChartStyle } from '../shared/options/style';
import type { BuiltChart } from '../shared/options/types';
import type { WhatIfParam } from '../shared/view-state';

/**
 * The forecast's inputs as controls: each uncertain input is a 90% interval (p5, p95) shown
 * with its default and its source from GET /api/forecast's assumptions. Token levels move on a
 * log scale (they span orders of magnitude), growth factors and the rest on a linear one.
 */
export interface ControlDef {
  param: WhatIfParam;
  label: string;
  /** Key of the assumption in the API response that gives this control's default and source. */
  assumption: string;
  pick: (a: Assumption) => number | undefined;
  scale: 'log' | 'linear';
  min: number;
  max: number;
  step: number;
  unit: 'tokens' | 'factor' | 'count' | 'integer';
}

export interface ControlGroup {
  assumption: string;
  title: string;
  controls: ControlDef[];
}

const p5 = (a: Assumption) => a.p5;
const p95 = (a: Assumption) => a.p95;
const value = (a: Assumption) => a.value;

export const CONTROL_GROUPS: ControlGroup[] = [
  {
    assumption: 'stock',
    title: 'Stock of usable human text',
    controls: [
      {
        param: 'stock_p5',
        label: 'Stock, 5th percentile',
        assumption: 'stock',
        pick: p5,
        scale: 'log',
        min: 1e12,
        max: 1e17,
        step: 0.01,
        unit: 'tokens'
      },
      {
        param: 'stock_p95',
        label: 'Stock, 95th percentile',
        assumption: 'stock',
        pick: p95,
        scale: 'log',
        min: 1e12,
        max: 1e17,
        step: 0.01,
        unit: 'tokens'
      }
    ]
  },
  {
    assumption: 'stock_growth',
    title: 'Yearly growth of the human stock',
    controls: [
      {
        param: 'stock_growth_p5',
        label: 'Stock growth, 5th percentile',
        assumption: 'stock_growth',
        pick: p5,
        scale: 'linear',
        min: 0.8,
        max: 1.5,
        step: 0.001,
        unit: 'factor'
      },
      {
        param: 'stock_growth_p95',
        label: 'Stock growth, 95th percentile',
        assumption: 'stock_growth',
        pick: p95,
        scale: 'linear',
        min: 0.8,
        max: 1.5,
        step: 0.001,
        unit: 'factor'
      }
    ]
  },
  {
    assumption: 'demand',
    title: 'Largest training dataset',
    controls: [
      {
        param: 'demand_p5',
        label: 'Largest dataset, 5th percentile',
        assumption: 'demand',
        pick: p5,
        scale: 'log',
        min: 1e11,
        max: 1e16,
        step: 0.01,
        unit: 'tokens'
      },
      {
        param: 'demand_p95',
        label: 'Largest dataset, 95th percentile',
        assumption: 'demand',
        pick: p95,
        scale: 'log',
        min: 1e11,
        max: 1e16,
        step: 0.01,
        unit: 'tokens'
      }
    ]
  },
  {
    assumption: 'demand_growth',
    title: 'Yearly growth of the largest dataset',
    controls: [
      {
        param: 'demand_growth_p5',
        label: 'Dataset growth, 5th percentile',
        assumption: 'demand_growth',
        pick: p5,
        scale: 'linear',
        min: 1,
        max: 6,
        step: 0.01,
        unit: 'factor'
      },
      {
        param: 'demand_growth_p95',
        label: 'Dataset growth, 95th percentile',
        assumption: 'demand_growth',
        pick: p95,
        scale: 'linear',
        min: 1,
        max: 6,
        step: 0.01,
        unit: 'factor'
      }
    ]
  },
  {
    assumption: 'overtraining',
    title: 'Overtraining',
    controls: [
      {
        param: 'overtraining',
        label: 'Overtraining (x compute-optimal tokens per parameter)',
        assumption: 'overtraining',
        pick: value,
        scale: 'log',
        min: 1,
        max: 100,
        step: 0.01,
        unit: 'factor'
      }
    ]
  },
  {
    assumption: 'simulation',
    title: 'Simulation',
    controls: [
      {
        param: 'draws',
        label: 'Monte Carlo draws',
        assumption: 'simulation',
        pick: () => FORECAST_DEFAULTS.draws,
        scale: 'log',
        min: 100,
        max: 1_000_000,
        step: 0.01,
        unit: 'count'
      },
      {
        param: 'seed',
        label: 'Random seed',
        assumption: 'simulation',
        pick: () => FORECAST_DEFAULTS.seed,
        scale: 'linear',
        min: 0,
        max: 1000,
        step: 1,
        unit: 'integer'
      }
    ]
  }
];

/** Not in the API's assumptions: the route's own defaults, stated as such. */
export const SIMULATION_SOURCE = `This project's defaults (src/lib/contract/forecast.ts): ${FORECAST_DEFAULTS.draws.toLocaleString('en')} draws, seed ${FORECAST_DEFAULTS.seed}; the same seed and inputs give the same answer.`;

/** Slider position for a value and back; integers and counts come back whole. */
export function toSlider(c: ControlDef, v: number): number {
  return c.scale === 'log' ? Math.log10(v) : v;
}
export function fromSlider(c: ControlDef, s: number): number {
  const v = c.scale === 'log' ? 10 ** s : s;
  if (c.unit === 'integer' || c.unit === 'count') return Math.round(v);
  // Three significant digits: enough to steer, short enough for a readable URL.
  return Number(v.toPrecision(3));
}

/** The what-if chart: the response's curves, bands, probabilities and exhaustion years. */
export function whatIfChart(r: ForecastResponse, style: ChartStyle): BuiltChart {
  const band = (label: string, color: string, q: ForecastResponse['stock']): BandSeries => ({
    label,
    unit: 'tokens',
    color,
    points: q.map((b) => ({ x: b.year, lo: b.p5, mid: b.p50, hi: b.p95 }))
  });
  return forecastChart(
    style,
    [band('Human stock', '#0072B2', r.stock), band('Largest dataset', '#E69F00', r.demand)],
    r.probability_by_year.map((p) => [p.year, p.p]),
    { median: r.exhaustion.median_year, p10: r.exhaustion.p10_year, p90: r.exhaustion.p90_year }
  );
}

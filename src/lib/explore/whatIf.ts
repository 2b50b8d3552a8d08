import type { Assumption, ForecastResponse } from '../contract/forecast';
import { FORECAST_DEFAULTS } from '../contract/forecast';
import { forecastChart, type BandSeries } from '../shared/options/forecast';
import type { ChartStyle } from '../shared/options/style';
import type { BuiltChart } from '../shared/options/types';
import type { WhatIfChoice, WhatIfParam } from '../shared/view-state';

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

interface ControlGroup {
  assumption: string;
  title: string;
  controls: ControlDef[];
  /** Only the simple model takes this group's parameters. */
  simpleOnly?: boolean;
}

/** The switches, with the words shown for each value. */
export const CHOICE_DEFS: { param: WhatIfChoice; label: string; options: { value: string; label: string }[]; epochOnly: boolean }[] = [
  {
    param: 'model',
    label: 'Model',
    epochOnly: false,
    options: [
      { value: 'epoch', label: "Epoch AI's published model" },
      { value: 'simple', label: 'Simple model (four lognormals)' }
    ]
  },
  {
    param: 'branch',
    label: 'Demand projection',
    epochOnly: true,
    options: [
      { value: 'pooled', label: 'Pooled (the paper’s headline)' },
      { value: 'historical', label: 'Historical trend' },
      { value: 'compute', label: 'Compute-based' }
    ]
  },
  {
    param: 'inputs',
    label: 'Inputs',
    epochOnly: true,
    options: [
      { value: 'published', label: 'Published (the paper’s numbers)' },
      { value: 'live', label: 'Live (training_runs and the crawl)' }
    ]
  },
  {
    param: 'ai_share',
    label: 'AI-share scenario (live inputs)',
    epochOnly: true,
    options: [
      { value: 'off', label: 'Off' },
      { value: 'on', label: 'On: AI text displaces human text' }
    ]
  }
];

const p5 = (a: Assumption) => a.p5;
const p95 = (a: Assumption) => a.p95;
const value = (a: Assumption) => a.value;

export const CONTROL_GROUPS: ControlGroup[] = [
  {
    assumption: 'stock',
    simpleOnly: true,
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
    simpleOnly: true,
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
    simpleOnly: true,
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
    simpleOnly: true,
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

/**
 * The tornado: for each input, the median exhaustion year with that input fixed at the low and
 * at the high end of its interval (the rest drawn as usual), widest bar on top.
 */
export function tornadoChart(r: ForecastResponse, style: ChartStyle): BuiltChart | null {
  const bars = r.sensitivity;
  const mid = r.exhaustion.median_year;
  if (!bars || bars.length === 0 || mid === null) return null;
  const rows = [...bars].reverse();
  const fs = style.fontSize;
  const fmt = (v: number | null) => (v === null ? 'after the last year shown' : v.toFixed(1));
  // A median beyond the horizon has no year; its bar is drawn to the axis end and says so.
  const shift = (v: number | null) => (v === null ? null : Number((v - mid).toFixed(3)));
  return {
    option: {
      textStyle: { fontSize: fs },
      grid: { left: fs * 14, right: fs * 3, top: fs * 2.5, bottom: fs * 2.5 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: { dataIndex: number }[]) => {
          const b = rows[ps[0]?.dataIndex ?? 0];
          if (!b) return '';
          return `${b.label}: ${fmt(b.median_at_low)} at ${b.low.toPrecision(3)}, ${fmt(b.median_at_high)} at ${b.high.toPrecision(3)} (${b.credibility}% interval)`;
        }
      },
      legend: { top: 0, data: ['Input at its low end', 'Input at its high end'] },
      // Bars are shifts from the median of the run with every input drawn, so they meet at zero.
      xAxis: {
        type: 'value',
        name: `Years from the median (${mid.toFixed(1)})`,
        nameLocation: 'middle',
        nameGap: fs * 1.6,
        axisLabel: { formatter: (v: number) => (v > 0 ? `+${v.toFixed(1)}` : v.toFixed(1)) }
      },
      yAxis: { type: 'category', data: rows.map((b) => b.label) },
      series: [
        {
          name: 'Input at its low end',
          type: 'bar',
          color: '#56B4E9',
          data: rows.map((b) => shift(b.median_at_low))
        },
        { name: 'Input at its high end', type: 'bar', color: '#D55E00', data: rows.map((b) => shift(b.median_at_high)) }
      ].map((s) => ({ ...s, stack: undefined, barGap: '-100%' }))
    },
    drill: null
  };
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
    { median: r.exhaustion.median_year, p10: r.exhaustion.p10_year, p90: r.exhaustion.p90_year },
    'value',
    {
      paper: { median: r.paper.median_year, p10: r.paper.p10_year, p90: r.paper.p90_year },
      histogram: r.histogram.map((h) => [h.year, h.share])
    }
  );
}

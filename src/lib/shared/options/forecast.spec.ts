import { describe, expect, it } from 'vitest';
import type { PanelInfo } from '../../contract/panels';
import { buildChart } from './index';

const style = { theme: 'dark' as const, fontSize: 12 };
type Series = { name: string; data: [number, number | null][]; step?: unknown };

const info = {
  id: 'forecast.peak_data',
  title: 't',
  description: 'd',
  unit: 'tokens',
  chart: 'forecast',
  streams: [],
  dimensions: [],
  grains: ['month'],
  defaults: { from: 'now-1y', to: 'now' },
  refresh_ms: 1000,
  columns: [
    { name: 't', label: 'Year (1 January)', role: 'time' },
    { name: 'p_exhausted', label: 'P(stock used up by the end of the year)', role: 'measure', unit: 'probability' },
    { name: 'exhaustion_median', label: 'Exhaustion year, median', role: 'measure', unit: 'year' }
  ]
} as unknown as PanelInfo;

/** The drawn curve read at x by straight lines between its points. */
function readAt(data: [number, number | null][], x: number): number {
  for (let i = 1; i < data.length; i++) {
    const [x0, y0] = data[i - 1] as [number, number];
    const [x1, y1] = data[i] as [number, number];
    if (x >= x0 && x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return NaN;
}

describe('the forecast chart', () => {
  it('draws P(used up by the end of the year) at the end of each year, so it reads about one half at the median', () => {
    // Share crossed by the end of 2028 is 0.3, by the end of 2029 0.6: the median falls in 2029.
    const rows = [
      { t: Date.UTC(2028, 0, 1), p_exhausted: 0.3, exhaustion_median: 2029.667 },
      { t: Date.UTC(2029, 0, 1), p_exhausted: 0.6, exhaustion_median: 2029.667 },
      { t: Date.UTC(2030, 0, 1), p_exhausted: 0.9, exhaustion_median: 2029.667 }
    ];
    const series = (buildChart({ info, rows, style }).option as { series: Series[] }).series;
    const curve = series.find((s) => s.name === 'P(stock used up by year)');
    expect(curve?.step).toBeUndefined();
    expect(curve?.data.map(([x]) => new Date(x).toISOString().slice(0, 10))).toEqual(['2029-01-01', '2030-01-01', '2031-01-01']);
    // 2029.667 is about 1 September 2029.
    expect(readAt(curve?.data ?? [], Date.UTC(2029, 8, 1))).toBeCloseTo(0.5, 1);
  });
});

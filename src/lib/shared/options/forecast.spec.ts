import { describe, expect, it } from 'vitest';
import type { PanelInfo } from '../../contract/panels';
import { buildChart } from './index';
import { forecastChart } from './forecast';

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

  it('draws the token curves and the probability on two charts, each value axis titled with its unit', () => {
    const o = fullChart('light').option as Option;
    expect(o.grid).toHaveLength(2);
    const axisOf = (s: Option['series'][number]) => (o.yAxis[s.yAxisIndex ?? 0] as { gridIndex: number; name: string }).gridIndex;
    const tokens = o.series.filter((s) => axisOf(s) === 0 && s.data.length > 0).map((s) => s.name);
    const lower = o.series.filter((s) => axisOf(s) === 1 && s.data.length > 0).map((s) => s.name);
    // Above: two bands (two series each) and their medians, nothing else.
    expect(new Set(tokens.filter((n) => n !== 'bar slots band edge'))).toEqual(
      new Set(['Human stock band edge', 'Human stock: median, 90% band', 'Largest dataset band edge', 'Largest dataset: median, 90% band'])
    );
    expect(lower).toEqual(['Share crossing in the year', 'P(stock used up by year)']);
    // The upper axis carries empty bars in the same slots, so ECharts widens both axes alike.
    const slots = o.series.find((s) => s.name === 'bar slots band edge');
    const bars = o.series.find((s) => s.name === 'Share crossing in the year');
    expect(axisOf(slots as Option['series'][number])).toBe(0);
    expect(slots?.data.map(([x]) => x)).toEqual(bars?.data.map(([x]) => x));
    expect(slots?.data.every(([, v]) => v === null)).toBe(true);
    // ... and the log axis keeps to the decades of the bands, not the bars' baseline.
    expect((o.yAxis[0] as { min: number }).min).toBe(1e12);
    expect(o.yAxis.map((a) => (a as { name: string }).name)).toEqual(['Tokens', 'Probability']);
    // Both charts span the same years, so the median line falls at one place in both.
    const [top, bottom] = o.xAxis as { min: number; max: number }[];
    expect(top?.min).toBe(bottom?.min);
    expect(top?.max).toBe(bottom?.max);
    // ... and over the same width of the box: the same left and right edges, not sized to labels.
    const [g0, g1] = o.grid as { left: number; right: number; outerBoundsMode: string }[];
    expect([g0?.left, g0?.right, g0?.outerBoundsMode]).toEqual([g1?.left, g1?.right, 'none']);
  });

  it("states one interval per chart: 90% bands above, the year's 80% interval only below", () => {
    const o = fullChart('light').option as Option;
    const areas = o.series.filter((s) => s.markArea).map((s) => ({ axis: s.yAxisIndex ?? 0, label: s.markArea?.label?.formatter }));
    expect(areas.every((a) => a.axis === 1)).toBe(true);
    expect(areas.map((a) => a.label)).toContain('80% interval');
    expect(o.legend.data.filter((n) => n.includes('90%'))).toEqual(['Human stock: median, 90% band', 'Largest dataset: median, 90% band']);
    expect(o.legend.data.filter((n) => n.includes('80%'))).toEqual(['Paper (Villalobos et al. 2024): median, 80% interval']);
  });

  it('keeps the crossing-year bars and the paper visible on the dark theme', () => {
    const dark = fullChart('dark').option as Option;
    const bars = dark.series.find((s) => s.name === 'Share crossing in the year');
    expect(bars?.itemStyle?.opacity).toBeGreaterThanOrEqual(0.7);
    const paper = dark.series.find((s) => s.name?.startsWith('Paper'));
    // Contrast of the paper's colour against the dark background (#0b1220), WCAG's formula.
    expect(contrast(String(paper?.color), '#0b1220')).toBeGreaterThanOrEqual(3);
    const curve = dark.series.find((s) => s.name === 'P(stock used up by year)');
    expect(contrast(String(curve?.color), '#0b1220')).toBeGreaterThanOrEqual(3);
  });
});

type Option = {
  grid: unknown[];
  xAxis: unknown[];
  yAxis: unknown[];
  legend: { data: string[] };
  series: (Series & {
    yAxisIndex?: number;
    color?: unknown;
    itemStyle?: { opacity?: number };
    markArea?: { label?: { formatter?: string } };
  })[];
};

function fullChart(theme: 'light' | 'dark') {
  const years = [2024, 2025, 2026, 2027, 2028, 2029, 2030];
  const band = (label: string, color: string, at: (y: number) => number) => ({
    label,
    unit: 'tokens',
    color,
    points: years.map((y) => ({ x: y, lo: at(y) / 3, mid: at(y), hi: at(y) * 3 }))
  });
  return forecastChart(
    { theme, fontSize: 12 },
    [band('Human stock', '#0072B2', () => 3e14), band('Largest dataset', '#E69F00', (y) => 1e13 * 10 ** (0.38 * (y - 2024)))],
    years.map((y, i) => [y, Math.min(1, i / 5)] as [number, number]),
    { median: 2028.4, p10: 2026.5, p90: 2031.2 },
    'value',
    { paper: { median: 2028, p10: 2026, p90: 2032 }, histogram: years.map((y) => [y, 0.15] as [number, number]) }
  );
}

function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const v = parseInt(hex.slice(i, i + 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

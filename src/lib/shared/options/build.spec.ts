import { describe, expect, it } from 'vitest';
import type { PanelInfo } from '../../contract/panels';
import { findBands } from './forecast';
import { buildChart, drillValue } from './index';

const base = {
  title: 't',
  description: 'd',
  streams: [],
  dimensions: [],
  grains: ['day'],
  defaults: { from: 'now-7d', to: 'now' },
  refresh_ms: 1000
};
const style = { theme: 'dark' as const, fontSize: 12 };
type Series = { id: string; name: string; type: string; data: unknown[]; stack?: string };
const seriesOf = (o: unknown) => (o as { series: Series[] }).series;

describe('charts from panel metadata', () => {
  it('draws the marker-word estimate as share and baseline lines over excess bars, marking sparse months', () => {
    const info = { ...base, id: 'provenance.marker_words', unit: 'share', chart: 'line', columns: [] } as unknown as PanelInfo;
    const rows = [
      { t: 1, docs: 20, marker_docs: 2, marker_share: 0.1, baseline_share: null, excess_share: null },
      { t: 2, docs: 20, marker_docs: 10, marker_share: 0.5, baseline_share: 0.25, excess_share: 0.25 }
    ];
    const s = seriesOf(buildChart({ info, rows, style }).option) as (Series & { showSymbol?: boolean })[];
    expect(s.map((x) => [x.id, x.type])).toEqual([
      ['excess_share', 'bar'],
      ['marker_share', 'line'],
      ['baseline_share', 'line'],
      ['excess_lo', 'line'],
      ['excess_band', 'line']
    ]);
    expect(s[0]?.data).toEqual([
      [1, null],
      [2, 0.25]
    ]);
    expect(s[1]?.showSymbol).toBe(true);
  });

  it('draws the marker excess’s bootstrap interval as a filled band from its 2.5th to its 97.5th percentile', () => {
    const info = { ...base, id: 'provenance.marker_words', unit: 'share', chart: 'line', columns: [] } as unknown as PanelInfo;
    const rows = [
      { t: 1, marker_share: 0.1, baseline_share: null, excess_share: null, excess_lo: null, excess_hi: null },
      { t: 2, marker_share: 0.5, baseline_share: 0.25, excess_share: 0.25, excess_lo: 0.2, excess_hi: 0.31 },
      { t: 3, marker_share: 0.4, baseline_share: 0.25, excess_share: 0.15, excess_lo: 0.1, excess_hi: 0.22 }
    ];
    type BandSeries = Series & { areaStyle?: object; lineStyle?: { opacity?: number } };
    const s = seriesOf(buildChart({ info, rows, style }).option) as BandSeries[];
    const lower = s.find((x) => x.id === 'excess_lo');
    const width = s.find((x) => x.id === 'excess_band');
    // Stacked: the filled series sits on the invisible lower edge, so it spans lo to hi.
    expect(lower?.stack).toBe('excess-band');
    expect(width?.stack).toBe('excess-band');
    expect(lower?.areaStyle).toBeUndefined();
    expect(width?.areaStyle).toBeDefined();
    expect(lower?.data).toEqual([
      [1, null],
      [2, 0.2],
      [3, 0.1]
    ]);
    const gaps = (width?.data ?? []) as [number, number | null][];
    expect(gaps[0]).toEqual([1, null]);
    expect(gaps[1]?.[1]).toBeCloseTo(0.31 - 0.2, 12);
    expect(gaps[2]?.[1]).toBeCloseTo(0.22 - 0.1, 12);
  });

  it('draws long-format rows as one line per series value and drills down by series', () => {
    const info = {
      ...base,
      id: 'market.postings_index',
      unit: 'index',
      chart: 'line',
      columns: [
        { name: 't', label: 'T', role: 'time' },
        { name: 'category', label: 'Category', role: 'series', filter: 'category' },
        { name: 'postings', label: 'Postings', role: 'measure', unit: 'count' },
        { name: 'index', label: 'Index', role: 'measure', unit: 'index' }
      ]
    } as PanelInfo;
    const rows = [
      { t: 1, category: 'writing', postings: 5, index: 70 },
      { t: 1, category: 'coding', postings: 9, index: 80 },
      { t: 2, category: 'writing', postings: 6, index: 72 }
    ];
    const built = buildChart({ info, rows, previous: rows, style });
    const s = seriesOf(built.option);
    expect(s.map((x) => x.name)).toEqual(['writing', 'coding', 'writing (previous period)', 'coding (previous period)']);
    expect(s[0]?.data).toEqual([
      [1, 70],
      [2, 72]
    ]);
    expect(built.drill).toEqual({ dimension: 'category', via: 'series' });
    expect(drillValue(built.drill, { componentType: 'series', name: '', seriesName: 'coding', seriesId: 'coding' })).toBe('coding');
    // The comparison overlay is for looking, not for filtering.
    expect(
      drillValue(built.drill, { componentType: 'series', name: '', seriesName: 'coding (previous period)', seriesId: 'previous:coding' })
    ).toBeNull();
  });

  it('draws bars by dimension, leaves "change" columns to the table, and drills down by category', () => {
    const info = {
      ...base,
      id: 'provenance.by_domain',
      unit: 'share',
      chart: 'bar',
      columns: [
        { name: 'domain', label: 'Domain', role: 'dimension', filter: 'domain' },
        { name: 'docs', label: 'Docs', role: 'measure', unit: 'count' },
        { name: 'ai_share', label: 'AI share', role: 'measure', unit: 'share' },
        { name: 'change', label: 'Change', role: 'measure', unit: 'share' }
      ]
    } as PanelInfo;
    const built = buildChart({ info, rows: [{ domain: 'a.org', docs: 3, ai_share: 0.5, change: -0.1 }], style });
    expect(seriesOf(built.option).map((x) => x.name)).toEqual(['AI share']);
    expect(built.drill).toEqual({ dimension: 'domain', via: 'name' });
    expect(drillValue(built.drill, { componentType: 'series', name: 'a.org' })).toBe('a.org');
    expect(drillValue(built.drill, { componentType: 'xAxis', name: 'a.org' })).toBeNull();
  });

  it('names a compare overlay once and leaves out columns that already hold the previous window', () => {
    const info = {
      ...base,
      id: 'provenance.by_domain',
      unit: 'share',
      chart: 'bar',
      columns: [
        { name: 'domain', label: 'Domain', role: 'dimension', filter: 'domain' },
        { name: 'ai_share', label: 'AI share', role: 'measure', unit: 'share' },
        { name: 'ai_share_prev', label: 'AI share, previous period', role: 'measure', unit: 'share' },
        { name: 'change', label: 'Change in AI share', role: 'measure', unit: 'points' }
      ]
    } as PanelInfo;
    const rows = [{ domain: 'a.org', ai_share: 0.5, ai_share_prev: 0.4, change: 0.1 }];
    const names = seriesOf(buildChart({ info, rows, previous: rows, style }).option).map((x) => x.name);
    expect(names).toEqual(['AI share', 'AI share, previous period', 'AI share (previous period)']);
    expect(names.filter((n) => /previous period.*previous period/.test(n))).toEqual([]);
  });

  it('draws the previous period dotted, a style no current series of the AI-share chart uses', () => {
    const info = { ...base, id: 'provenance.ai_share', unit: 'share', chart: 'stacked-share', columns: [] } as unknown as PanelInfo;
    const rows = [{ t: 1, ai: 0.3, mixed: 0.1, unknown: 0.1, human: 0.5, ai_docs: 0.35 }];
    const s = seriesOf(buildChart({ info, rows, previous: rows, style }).option) as (Series & { lineStyle?: { type?: string } })[];
    const overlay = s.filter((x) => x.id.startsWith('previous:'));
    expect(overlay.map((x) => x.lineStyle?.type)).toEqual(['dotted']);
    expect(s.filter((x) => !x.id.startsWith('previous:')).map((x) => x.lineStyle?.type ?? 'solid')).not.toContain('dotted');
  });

  it('marks the month still filling with a hollow "so far" point and says so in the tooltip', () => {
    const info = {
      ...base,
      id: 'provenance.human_tokens',
      unit: 'tokens',
      chart: 'line',
      grains: ['month'],
      columns: [
        { name: 't', label: 'T', role: 'time' },
        { name: 'human', label: 'Human tokens', role: 'measure', unit: 'tokens' }
      ]
    } as PanelInfo;
    const nov = Date.UTC(2026, 10, 1);
    const dec = Date.UTC(2026, 11, 1);
    const rows = [
      { t: nov, human: 33e6 },
      { t: dec, human: 14e6 }
    ];
    type Item = { value: unknown; symbol?: string; label?: { formatter?: string } };
    const draw = (now: number) =>
      seriesOf(buildChart({ info, rows, grain: 'month', now, style }).option)[0] as Series & {
        tooltip: { valueFormatter: (v: unknown, i: number) => string };
      };
    const filling = draw(Date.UTC(2026, 11, 6));
    const last = filling.data[1] as Item;
    expect(last.symbol).toBe('emptyCircle');
    expect(last.label?.formatter).toBe('so far');
    expect(filling.tooltip.valueFormatter(14e6, 1)).toBe('14M (so far)');
    expect(filling.tooltip.valueFormatter(33e6, 0)).toBe('33M');
    // Once December is over, it is a whole month like any other.
    const whole = draw(Date.UTC(2027, 0, 1));
    expect(whole.data[1]).toEqual([dec, 14e6]);
    expect(whole.tooltip.valueFormatter(14e6, 1)).toBe('14M');
  });

  it('dashes the series past the palette, so no two series look the same', () => {
    const info = {
      ...base,
      id: 'published.llm_words',
      unit: 'share',
      chart: 'line',
      columns: [
        { name: 't', label: 'T', role: 'time' },
        { name: 'word', label: 'Word', role: 'series' },
        { name: 'share', label: 'Share', role: 'measure', unit: 'share' }
      ]
    } as PanelInfo;
    const words = ['convolutional', 'crucial', 'delves', 'ebola', 'important', 'pandemic', 'potential', 'significant', 'these'];
    const rows = words.map((word) => ({ t: 1, word, share: 0.1 }));
    const s = seriesOf(buildChart({ info, rows, style }).option) as (Series & { color: string; lineStyle: { type: string } })[];
    const looks = s.map((x) => `${x.color} ${x.lineStyle.type}`);
    expect(new Set(looks).size).toBe(words.length);
    expect(s[8]?.lineStyle.type).toBe('dashed');
  });

  it('finds forecast bands by their percentile columns but not the exhaustion years', () => {
    const cols = [
      { name: 'stock_p5', label: 'Human stock, 5th percentile', role: 'measure', unit: 'tokens' },
      { name: 'stock_p50', label: 'Human stock, median', role: 'measure', unit: 'tokens' },
      { name: 'stock_p95', label: 'Human stock, 95th percentile', role: 'measure', unit: 'tokens' },
      { name: 'exhaustion_p10', label: 'x', role: 'measure', unit: 'year' },
      { name: 'exhaustion_p90', label: 'x', role: 'measure', unit: 'year' }
    ] as PanelInfo['columns'];
    expect(findBands(cols).map((b) => [b.name, b.label, b.mid?.name])).toEqual([['stock', 'Human stock', 'stock_p50']]);
  });

  it('puts generations, not model families, on the x axis of a panel without time', () => {
    const info = {
      ...base,
      id: 'diversity.by_generation',
      unit: 'ratio',
      chart: 'line',
      columns: [
        { name: 'model_family', label: 'Family', role: 'dimension', filter: 'model_family' },
        { name: 'model', label: 'Model', role: 'series', filter: 'model' },
        { name: 'generation', label: 'Generation', role: 'dimension' },
        { name: 'distinct_1', label: 'Distinct-1', role: 'measure', unit: 'ratio' }
      ]
    } as PanelInfo;
    const rows = [10, 2, 1].map((g) => ({ model_family: 'f', model: 'm', generation: g, distinct_1: 1 / (g + 1) }));
    const x = (buildChart({ info, rows, style }).option as { xAxis: { data: string[] } }).xAxis;
    expect(x.data).toEqual(['1', '2', '10']);
  });

  it('draws the collapse replicate range as a filled band around its model’s line, not as lines of its own', () => {
    const info = {
      ...base,
      id: 'diversity.by_generation',
      unit: 'ratio',
      chart: 'line',
      columns: [
        { name: 'model_family', label: 'Family', role: 'dimension', filter: 'model_family' },
        { name: 'model', label: 'Model', role: 'series', filter: 'model' },
        { name: 'generation', label: 'Generation', role: 'dimension' },
        { name: 'distinct_1', label: 'Distinct-1', role: 'measure', unit: 'ratio' },
        { name: 'distinct_1_rep_min', label: 'Distinct-1, lowest of 8 replicate runs', role: 'measure', unit: 'ratio' },
        { name: 'distinct_1_rep_max', label: 'Distinct-1, highest of 8 replicate runs', role: 'measure', unit: 'ratio' }
      ]
    } as PanelInfo;
    const rows = [
      ...[0, 1].map((g) => ({
        model_family: 'sim',
        model: 'recursive',
        generation: g,
        distinct_1: 0.1 / (g + 1),
        distinct_1_rep_min: 0.09 / (g + 1),
        distinct_1_rep_max: 0.12 / (g + 1)
      })),
      // A model without replicate runs: a line, no band.
      ...[0, 1].map((g) => ({
        model_family: 'real',
        model: 'imported',
        generation: g,
        distinct_1: 0.2,
        distinct_1_rep_min: null,
        distinct_1_rep_max: null
      }))
    ];
    type BandSeries = Series & { areaStyle?: object; color?: string };
    const s = seriesOf(buildChart({ info, rows, style }).option) as BandSeries[];
    const lines = s.filter((x) => !x.stack);
    expect(lines.map((x) => x.name)).toEqual(['recursive', 'imported']);
    const band = s.filter((x) => x.stack);
    expect(band).toHaveLength(2);
    expect(new Set(band.map((x) => x.stack)).size).toBe(1);
    const [lower, width] = band;
    expect(lower?.areaStyle).toBeUndefined();
    expect(lower?.data).toEqual([
      ['0', 0.09],
      ['1', 0.045]
    ]);
    expect(width?.areaStyle).toBeDefined();
    expect(width?.color).toBe(lines[0]?.color);
    const gaps = (width?.data ?? []) as [string, number][];
    expect(gaps.map(([g]) => g)).toEqual(['0', '1']);
    expect(gaps[0]?.[1]).toBeCloseTo(0.12 - 0.09, 12);
    expect(gaps[1]?.[1]).toBeCloseTo(0.06 - 0.045, 12);
  });
});

describe('axis titles', () => {
  const ids = [
    ['provenance.human_tokens', 'line', 'tokens'],
    ['market.region', 'bar', 'count'],
    ['training.dataset_sizes', 'scatter-log', 'tokens'],
    ['forecast.peak_data', 'forecast', 'tokens']
  ] as const;
  for (const [id, chart, unit] of ids) {
    it(`gives every value axis of a ${chart} chart a title`, () => {
      const info = {
        ...base,
        id,
        unit,
        chart,
        columns: [
          { name: 't', label: 'T', role: 'time' },
          { name: 'region', label: 'Region', role: 'dimension' },
          { name: 'v', label: 'V', role: 'measure', unit }
        ]
      } as unknown as PanelInfo;
      const option = buildChart({ info, rows: [{ t: 1, region: 'eu', v: 10 }], style }).option as {
        xAxis: unknown;
        yAxis: unknown;
      };
      const axes = [option.xAxis, option.yAxis].flat() as { type?: string; name?: string }[];
      const value = axes.filter((a) => a.type === 'value' || a.type === 'log');
      expect(value.length).toBeGreaterThan(0);
      expect(value.filter((a) => !a.name)).toEqual([]);
    });
  }
});

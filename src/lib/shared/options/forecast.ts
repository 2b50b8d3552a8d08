import { fromDecimalYear, toDecimalYear } from '../../contract/days';
import { axisUnit, decimalYear, formatUnit, unitTitle } from '../format';
import { colorFor, num, roles } from './columns';
import { axisStyle, axisTitle, baseOption, gridFor, THEME_COLORS, TIME_LABELS } from './style';
import type { BuildInput, BuiltChart } from './types';
import type { ColumnInfo } from '../../contract/panels';
import type { PanelRow } from '../../contract/socket';
import type { ChartStyle } from './style';

/** A quantity with its uncertainty band, from columns named <name>_p5 / _p50 / _p95 (or p10/p90). */
interface Band {
  name: string;
  label: string;
  unit: string | undefined;
  lo: ColumnInfo;
  mid: ColumnInfo | undefined;
  hi: ColumnInfo;
}

const LO = /_(p5|p05|p10|lo|low)$/;
const HI = /_(p95|p90|hi|high)$/;
const MID = /_(p50|median|mid)$/;

/** Groups band columns by their common prefix. */
export function findBands(columns: readonly ColumnInfo[]): Band[] {
  const bands: Band[] = [];
  for (const lo of columns) {
    // Years and probabilities with percentiles are summaries (the exhaustion year), not bands.
    if (lo.role !== 'measure' || !LO.test(lo.name) || lo.unit === 'year' || lo.unit === 'probability') continue;
    const stem = lo.name.replace(LO, '');
    const hi = columns.find((c) => c.role === 'measure' && c.name.replace(HI, '') === stem && HI.test(c.name));
    if (!hi) continue;
    const mid = columns.find((c) => c.role === 'measure' && MID.test(c.name) && c.name.replace(MID, '') === stem);
    bands.push({ name: stem, label: labelOf(lo.label, stem), unit: lo.unit, lo, mid, hi });
  }
  return bands;
}

function labelOf(label: string, stem: string): string {
  // "Stock (5th percentile)" → "Stock"; fall back to the column stem.
  const cut = label.replace(/\s*[(,].*$/, '').replace(/\s+(p\d+|5th|95th).*$/i, '');
  return cut || stem.replace(/_/g, ' ');
}

export interface Exhaustion {
  median: number | null;
  p10: number | null;
  p90: number | null;
}

/**
 * Bands of tokens over years (log scale: stock and demand differ by orders of magnitude) and,
 * on a small chart below, the probability that the stock is used up by each year with the
 * median crossing and its 80% interval marked.
 */
export function forecastOption(input: BuildInput): BuiltChart {
  const { info, rows, style } = input;
  const r = roles(info);
  const bands = findBands(info.columns);
  const inBand = new Set(bands.flatMap((b) => [b.lo.name, b.hi.name, b.mid?.name]));
  const x = r.time ?? r.measures.find((m) => m.unit === 'year' && !inBand.has(m.name) && /year|^t$/.test(m.name));
  const prob = r.measures.find((m) => m.unit === 'probability' && !inBand.has(m.name));
  const years = exhaustionFrom(rows, info.columns, x, '');
  const paperYears = exhaustionFrom(rows, info.columns, x, 'paper_');
  const share = r.measures.find((m) => m.unit === 'share' && !inBand.has(m.name));
  // On a time axis the decimal exhaustion years become instants, so the markers meet the curves.
  const toX = (y: number | null) => (y === null || x?.role !== 'time' ? y : fromDecimalYear(y).getTime());
  const ex = x?.role === 'time' ? { median: toX(years.median), p10: toX(years.p10), p90: toX(years.p90) } : years;
  const paper = x?.role === 'time' ? { median: toX(paperYears.median), p10: toX(paperYears.p10), p90: toX(paperYears.p90) } : paperYears;
  const xs = (row: PanelRow) => (x ? num(row[x.name]) : null);
  const sorted = [...rows].filter((row) => xs(row) !== null).sort((a, b) => (xs(a) as number) - (xs(b) as number));
  return forecastChart(
    style,
    bands.map((b, i) => ({
      label: b.label,
      unit: b.unit,
      color: colorFor(b.name, i),
      points: sorted.map((row) => ({
        x: xs(row) as number,
        lo: num(row[b.lo.name]),
        mid: b.mid ? num(row[b.mid.name]) : null,
        hi: num(row[b.hi.name])
      }))
    })),
    prob ? sorted.map((row) => [xs(row) as number, num(row[prob.name])] as [number, number | null]) : [],
    ex,
    x?.role === 'time' ? 'time' : 'value',
    {
      paper,
      ...(share ? { histogram: sorted.map((row) => [xs(row) as number, num(row[share.name])] as [number, number | null]) } : {})
    }
  );
}

/**
 * Exhaustion years when the rows carry them (the same value on every row, or on the first):
 * the forecast's (no prefix) or the paper's (columns named paper_...).
 */
function exhaustionFrom(rows: readonly PanelRow[], cols: readonly ColumnInfo[], x: ColumnInfo | undefined, prefix: string): Exhaustion {
  const pick = (re: RegExp) => {
    const c = cols.find(
      (col) =>
        col !== x && col.unit === 'year' && re.test(col.name) && (prefix ? col.name.startsWith(prefix) : !col.name.startsWith('paper_'))
    );
    if (!c) return null;
    for (const row of rows) {
      const v = num(row[c.name]);
      if (v !== null) return v;
    }
    return null;
  };
  return { median: pick(/median|p50/), p10: pick(/p10/), p90: pick(/p90/) };
}

export interface BandSeries {
  label: string;
  unit: string | undefined;
  color: string;
  points: { x: number; lo: number | null; mid: number | null; hi: number | null }[];
}

/** The end of the year starting at x: 1 January of the next year on a time axis, x + 1 in decimal years. */
function yearEnd(x: number, xType: 'time' | 'value'): number {
  return xType === 'time' ? Date.UTC(new Date(x).getUTCFullYear() + 1, 0, 1) : x + 1;
}

/**
 * The drawing itself, shared by the forecast panel and the explorer's what-if: two charts on one
 * canvas, sharing the years. Above, the token curves (stock and largest dataset, log scale), each
 * a median with its 90% band and nothing else, so the bands stay legible in a small box. Below,
 * a small chart of its own: the probability that the stock is used up by each year, the share of
 * draws crossing in each year, and the exhaustion year with its 80% interval beside the paper's
 * (the paper states the year's interval at 80%). `probability` is given per year (x at the
 * year's start, as the bands are) and drawn at each year's end.
 */
export function forecastChart(
  style: ChartStyle,
  bands: BandSeries[],
  probability: [number, number | null][],
  ex: Exhaustion,
  xType: 'time' | 'value' = 'value',
  extra: {
    /** The paper's median and 80% interval, drawn beside the forecast's. */
    paper?: Exhaustion;
    /** Share of draws crossing in each year, as bars on the probability chart. */
    histogram?: [number, number | null][];
  } = {}
): BuiltChart {
  const fs = style.fontSize;
  const c = THEME_COLORS[style.theme];
  const unit = bands[0]?.unit;
  const asYear = (v: number) => (xType === 'time' ? toDecimalYear(new Date(v)) : v);
  const logScale = unit === 'tokens';
  const histogram = extra.histogram ?? [];
  // The probability chart exists when there is something to put on it; else one chart as before.
  const lower = probability.length > 0 || histogram.length > 0 ? 1 : 0;
  const series: Record<string, unknown>[] = [];
  for (const b of bands) {
    const ok = b.points.filter((p) => p.lo !== null && p.hi !== null && (!logScale || (p.lo as number) > 0));
    // The band is two stacked series: an invisible lower edge and the gap up to the upper edge,
    // filled. ECharts has no band series; this is its documented way to draw one.
    const edge = {
      type: 'line',
      stack: `band-${b.label}`,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      tooltip: { show: false },
      silent: true
    };
    series.push({ ...edge, name: BAND_EDGE(b.label), data: ok.map((p) => [p.x, p.lo]) });
    series.push({
      ...edge,
      name: BAND_EDGE(b.label),
      color: b.color,
      // Denser on the dark background, where a faint fill disappears.
      areaStyle: { color: b.color, opacity: style.theme === 'dark' ? 0.3 : 0.22 },
      data: ok.map((p) => [p.x, (p.hi as number) - (p.lo as number)])
    });
    series.push({
      name: `${b.label}: median, 90% band`,
      type: 'line',
      symbol: 'none',
      color: b.color,
      lineStyle: { width: Math.max(2, fs / 6) },
      tooltip: { valueFormatter: (v: unknown) => formatUnit(v, b.unit) },
      data: b.points.filter((p) => p.mid !== null).map((p) => [p.x, p.mid])
    });
  }
  // Demand grows by orders of magnitude; past a hundred times the first band's (the stock's) top
  // the picture only says "far beyond", so the axis stops there and the lines are clipped.
  const firstTop = Math.max(0, ...(bands[0]?.points.map((p) => p.hi ?? 0) ?? [0]));
  const yMax = logScale && firstTop > 0 ? 10 ** Math.ceil(Math.log10(firstTop * 100)) : undefined;
  // The lowest decade under the bands, set explicitly: the empty alignment bars below would
  // otherwise pull a log axis down towards their baseline.
  const lows = bands.flatMap((b) => b.points.map((p) => p.lo ?? p.mid ?? Infinity)).filter((v) => v > 0 && Number.isFinite(v));
  const yMin = logScale && lows.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...lows))) : undefined;

  // The median crossing is a dashed line on both charts, labelled once, above.
  const medianLine = (label: boolean) => ({
    silent: true,
    symbol: 'none',
    lineStyle: { color: c.fg, type: 'dashed' },
    label: label ? { color: c.fg, fontSize: fs, formatter: `median ${decimalYear(asYear(ex.median as number))}` } : { show: false },
    data: [{ xAxis: ex.median }]
  });
  const interval80 =
    ex.p10 !== null && ex.p90 !== null
      ? {
          silent: true,
          itemStyle: { color: c.muted, opacity: 0.15 },
          label: { color: c.fg, fontSize: fs * 0.9, position: 'insideTopLeft', formatter: '80% interval' },
          data: [[{ xAxis: ex.p10 }, { xAxis: ex.p90 }]]
        }
      : null;
  const lastMedian = series[series.length - 1];
  if (lastMedian && ex.median !== null) lastMedian.markLine = medianLine(true);
  if (lastMedian && !lower && interval80) lastMedian.markArea = interval80;

  const paper = extra.paper;
  if (paper && paper.median !== null) {
    const pc = PAPER_COLORS[style.theme];
    series.push({
      name: 'Paper (Villalobos et al. 2024): median, 80% interval',
      type: 'line',
      symbol: 'none',
      color: pc,
      xAxisIndex: lower,
      yAxisIndex: lower,
      data: [],
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: pc, type: 'dotted', width: 2 },
        // Named by its legend entry and its colour: a label here ran into the interval's.
        label: { show: false },
        data: [{ xAxis: paper.median }]
      },
      ...(paper.p10 !== null && paper.p90 !== null
        ? {
            markArea: {
              silent: true,
              itemStyle: { color: pc, opacity: 0.1, borderColor: pc, borderType: 'dotted', borderWidth: 1 },
              data: [[{ xAxis: paper.p10 }, { xAxis: paper.p90 }]]
            }
          }
        : {})
    });
  }
  if (histogram.length > 0) {
    // ECharts widens an axis that carries bars by half a bar at each end, even with its min and
    // max set; the same empty bars on the upper axis widen it alike, so the years stay aligned.
    series.push({
      name: BAND_EDGE('bar slots'),
      type: 'bar',
      barWidth: '60%',
      silent: true,
      tooltip: { show: false },
      data: histogram.map(([x]) => [xType === 'time' ? x + 182.5 * 86_400_000 : x + 0.5, null])
    });
    series.push({
      name: 'Share crossing in the year',
      type: 'bar',
      xAxisIndex: 1,
      yAxisIndex: 1,
      color: SHARE_COLOR,
      // Opaque enough to show on either background; the curve is drawn over them.
      itemStyle: { opacity: style.theme === 'dark' ? 0.75 : 0.5 },
      barWidth: '60%',
      tooltip: { valueFormatter: (v: unknown) => formatUnit(v, 'share') },
      // Bars sit over the middle of their year.
      data: histogram.map(([x, v]) => [xType === 'time' ? x + 182.5 * 86_400_000 : x + 0.5, v])
    });
  }
  if (probability.length > 0) {
    series.push({
      name: 'P(stock used up by year)',
      type: 'line',
      xAxisIndex: 1,
      yAxisIndex: 1,
      // Each value is the share of draws crossed by the END of its year, so it is drawn there and
      // joined by straight lines: read at the median line, the curve says about one half.
      symbol: 'none',
      color: c.fg,
      lineStyle: { width: Math.max(1.5, fs / 8) },
      tooltip: { valueFormatter: (v: unknown) => formatUnit(v, 'probability') },
      data: probability.map(([x, p]) => [yearEnd(x, xType), p])
    });
  }
  // The carrier of the lower chart's marks: the curve, else the bars.
  const lowerCarrier = [...series].reverse().find((s) => s.xAxisIndex === 1 && (s.data as unknown[]).length > 0);
  if (lowerCarrier) {
    if (ex.median !== null) lowerCarrier.markLine = medianLine(false);
    if (interval80) lowerCarrier.markArea = interval80;
  }

  // Both charts span the same years, so a year sits at the same place above and below.
  const xs = [
    ...bands.flatMap((b) => b.points.map((p) => p.x)),
    ...histogram.map(([x]) => x),
    ...probability.map(([x]) => yearEnd(x, xType))
  ];
  const xMin = xs.length ? Math.min(...xs) : undefined;
  const xMax = xs.length ? Math.max(...xs) : undefined;
  const xAxis = (i: number, labels: boolean) =>
    axisStyle(style, {
      type: xType,
      gridIndex: i,
      ...(xMin !== undefined ? { min: xMin, max: xMax } : {}),
      splitLine: { show: false },
      axisLabel: {
        ...(axisStyle(style).axisLabel as object),
        show: labels,
        ...(xType === 'value' ? { formatter: (v: number) => String(Math.round(v)) } : { formatter: TIME_LABELS.year }),
        alignMinLabel: 'left',
        alignMaxLabel: 'right'
      }
    });
  const base = baseOption(style);
  const grid = gridFor(style);
  const top = { ...grid, ...(ex.median !== null ? { top: Math.round(fs * 4.4) } : {}) };
  return {
    option: {
      ...base,
      legend: {
        ...(base.legend as object),
        data: series.map((s) => s.name as string).filter((n, i, all) => all.indexOf(n) === i && !n.endsWith(BAND_EDGE('')))
      },
      tooltip: {
        ...(base.tooltip as object),
        trigger: 'axis',
        axisPointer: { label: { formatter: (p: { value: number }) => decimalYear(asYear(p.value)) } }
      },
      // One pointer across both charts: a year read above is read below.
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      // The two plots must share their left and right edges, so a year falls at one place in
      // both: fixed margins (room for "100P" and the axis title) instead of margins each grid
      // sizes to its own labels; the lower grid keeps room below for the year labels.
      grid: lower
        ? [
            { ...top, ...SAME_EDGES(fs), bottom: '42%' },
            { ...grid, ...SAME_EDGES(fs), top: '62%', bottom: Math.round(fs * 2) }
          ]
        : [top],
      xAxis: lower ? [xAxis(0, false), xAxis(1, true)] : [xAxis(0, true)],
      yAxis: [
        axisStyle(style, {
          type: logScale ? 'log' : 'value',
          gridIndex: 0,
          ...(logScale ? { logBase: 10, ...(yMin ? { min: yMin } : {}), ...(yMax ? { max: yMax } : {}) } : { scale: true }),
          ...axisTitle(style, unitTitle(unit)),
          // The lowest label would sit on the first year's label in the corner. Eight decades
          // labelled one by one overlap at a wall's type size: every other decade is labelled.
          axisLabel: {
            ...(axisStyle(style).axisLabel as object),
            showMinLabel: false,
            formatter: (v: number) => (logScale && Math.round(Math.log10(v)) % 2 !== 0 ? '' : axisUnit(v, unit))
          }
        }),
        ...(lower
          ? [
              axisStyle(style, {
                type: 'value',
                gridIndex: 1,
                min: 0,
                max: 1,
                // 0%, 50% and 100% are enough in a small chart and never collide.
                interval: 0.5,
                ...axisTitle(style, 'Probability'),
                axisLabel: { ...(axisStyle(style).axisLabel as object), formatter: (v: number) => axisUnit(v, 'probability') }
              })
            ]
          : [])
      ],
      series
    },
    drill: null
  };
}

/** Plot edges both charts share, wide enough for the value labels and the axis titles. */
const SAME_EDGES = (fs: number) => ({ left: Math.round(fs * 5.5), right: Math.round(fs * 1.5), outerBoundsMode: 'none' });
/** The two series drawing a band: named, but kept out of the legend (the median's entry names the band). */
const BAND_EDGE = (label: string) => `${label} band edge`;
/** The paper's marks: Okabe-Ito's bluish green, lightened on the dark theme so it reads there. */
const PAPER_COLORS = { light: '#007A5A', dark: '#3CC79E' } as const;
/** The crossing-year bars: Okabe-Ito's reddish purple. */
const SHARE_COLOR = '#CC79A7';

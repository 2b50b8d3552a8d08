import { fromDecimalYear, toDecimalYear } from '../../contract/days';
import { axisUnit, decimalYear, formatUnit, unitTitle } from '../format';
import { colorFor, num, roles } from './columns';
import { axisStyle, axisTitle, baseOption, gridFor, THEME_COLORS } from './style';
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
 * Bands of tokens over years (log scale: stock and demand differ by orders of magnitude), the
 * probability that the stock is used up by each year on a right-hand axis, and the median
 * crossing with its 80% interval marked.
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
export function yearEnd(x: number, xType: 'time' | 'value'): number {
  return xType === 'time' ? Date.UTC(new Date(x).getUTCFullYear() + 1, 0, 1) : x + 1;
}

/**
 * The drawing itself, shared by the forecast panel and the explorer's what-if. `probability` is
 * given per year (x at the year's start, as the bands are) and drawn at each year's end.
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
    /** Share of draws crossing in each year, as bars on the probability axis. */
    histogram?: [number, number | null][];
  } = {}
): BuiltChart {
  const fs = style.fontSize;
  const c = THEME_COLORS[style.theme];
  const unit = bands[0]?.unit;
  const asYear = (v: number) => (xType === 'time' ? toDecimalYear(new Date(v)) : v);
  const logScale = unit === 'tokens';
  const series: Record<string, unknown>[] = [];
  for (const b of bands) {
    const ok = b.points.filter((p) => p.lo !== null && p.hi !== null && (!logScale || (p.lo as number) > 0));
    // The band is two stacked series: an invisible lower edge and the gap up to the upper edge,
    // filled. ECharts has no band series; this is its documented way to draw one.
    series.push({
      name: `${b.label} 90% band`,
      type: 'line',
      stack: `band-${b.label}`,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      tooltip: { show: false },
      data: ok.map((p) => [p.x, p.lo]),
      silent: true
    });
    series.push({
      name: `${b.label} 90% band`,
      type: 'line',
      stack: `band-${b.label}`,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      color: b.color,
      areaStyle: { color: b.color, opacity: 0.22 },
      tooltip: { show: false },
      data: ok.map((p) => [p.x, (p.hi as number) - (p.lo as number)]),
      silent: true
    });
    series.push({
      name: `${b.label} (median)`,
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
  const marks: Record<string, unknown> = {};
  if (ex.median !== null) {
    marks.markLine = {
      silent: true,
      symbol: 'none',
      lineStyle: { color: c.fg, type: 'dashed' },
      label: { color: c.fg, fontSize: fs, formatter: `median ${decimalYear(asYear(ex.median))}` },
      data: [{ xAxis: ex.median }]
    };
  }
  if (ex.p10 !== null && ex.p90 !== null) {
    marks.markArea = {
      silent: true,
      itemStyle: { color: c.muted, opacity: 0.12 },
      label: { color: c.muted, fontSize: fs * 0.9, position: 'insideTop', offset: [0, fs * 0.6], formatter: 'year: 80% interval' },
      data: [[{ xAxis: ex.p10 }, { xAxis: ex.p90 }]]
    };
  }
  const paper = extra.paper;
  if (paper && paper.median !== null) {
    const pc = '#009E73';
    series.push({
      name: 'Paper (Villalobos et al. 2024)',
      type: 'line',
      symbol: 'none',
      color: pc,
      data: [],
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: pc, type: 'dotted', width: 2 },
        label: { color: pc, fontSize: fs * 0.9, position: 'insideEndBottom', formatter: `paper ${decimalYear(asYear(paper.median))}` },
        data: [{ xAxis: paper.median }]
      },
      ...(paper.p10 !== null && paper.p90 !== null
        ? {
            markArea: {
              silent: true,
              itemStyle: { color: pc, opacity: 0.08, borderColor: pc, borderType: 'dotted', borderWidth: 1 },
              label: { color: pc, fontSize: fs * 0.8, position: 'insideBottom', formatter: 'paper 80%' },
              data: [[{ xAxis: paper.p10 }, { xAxis: paper.p90 }]]
            }
          }
        : {})
    });
  }
  const hasRight = probability.length > 0 || (extra.histogram?.length ?? 0) > 0;
  if (extra.histogram && extra.histogram.length > 0) {
    series.push({
      name: 'Share crossing in the year',
      type: 'bar',
      yAxisIndex: 1,
      color: '#CC79A7',
      // Faint bars vanish on the dark background; they stay behind the lines at either opacity.
      itemStyle: { opacity: style.theme === 'dark' ? 0.6 : 0.4 },
      barWidth: '60%',
      tooltip: { valueFormatter: (v: unknown) => formatUnit(v, 'share') },
      // Bars sit over the middle of their year.
      data: extra.histogram.map(([x, v]) => [xType === 'time' ? x + 182.5 * 86_400_000 : x + 0.5, v])
    });
  }
  if (probability.length > 0) {
    series.push({
      name: 'P(stock used up by year)',
      type: 'line',
      yAxisIndex: 1,
      // Each value is the share of draws crossed by the END of its year, so it is drawn there and
      // joined by straight lines: read at the median line, the curve says about one half.
      symbol: 'none',
      color: '#CC79A7',
      lineStyle: { width: Math.max(1.5, fs / 8), type: 'dotted' },
      tooltip: { valueFormatter: (v: unknown) => formatUnit(v, 'probability') },
      data: probability.map(([x, p]) => [yearEnd(x, xType), p]),
      ...marks
    });
  } else if (series[0]) {
    Object.assign(series[series.length - 1] as object, marks);
  }
  const base = baseOption(style);
  return {
    option: {
      ...base,
      legend: {
        ...(base.legend as object),
        data: series.map((s) => s.name as string).filter((n, i, all) => all.indexOf(n) === i && !n.endsWith('band'))
      },
      tooltip: {
        ...(base.tooltip as object),
        trigger: 'axis',
        axisPointer: { label: { formatter: (p: { value: number }) => decimalYear(asYear(p.value)) } }
      },
      grid: { ...gridFor(style), ...(ex.median !== null ? { top: Math.round(fs * 4.4) } : {}) },
      xAxis: axisStyle(style, {
        type: xType,
        min: 'dataMin',
        max: 'dataMax',
        splitLine: { show: false },
        ...(xType === 'value'
          ? { axisLabel: { ...(axisStyle(style).axisLabel as object), formatter: (v: number) => String(Math.round(v)) } }
          : {})
      }),
      yAxis: [
        axisStyle(style, {
          type: logScale ? 'log' : 'value',
          ...(logScale ? { logBase: 10, ...(yMax ? { max: yMax } : {}) } : { scale: true }),
          ...axisTitle(style, unitTitle(unit)),
          // The lowest label would sit on the first year's label in the corner.
          axisLabel: { ...(axisStyle(style).axisLabel as object), showMinLabel: false, formatter: (v: number) => axisUnit(v, unit) }
        }),
        ...(hasRight
          ? [
              axisStyle(style, {
                type: 'value',
                min: 0,
                max: 1,
                splitLine: { show: false },
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

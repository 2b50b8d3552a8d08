import { axisUnit, formatUnit, timeAt, unitTitle } from '../format';
import { colorFor, dashFor, distinct, isPreviousColumn, num, PREVIOUS_PREFIX, PREVIOUS_SUFFIX, previousLine, roles } from './columns';
import { partialBucket, SO_FAR } from './partial';
import { axisStyle, axisTitle, baseOption, gridFor, timeAxis } from './style';
import type { BuildInput, BuiltChart, Drill } from './types';
import type { ColumnInfo } from '../../contract/panels';
import type { PanelRow } from '../../contract/socket';

interface Line {
  id: string;
  name: string;
  color: string;
  dash: 'solid' | 'dashed';
  unit: string | undefined;
  axis: 0 | 1;
  points: [number | string, number | null][];
}

/**
 * Lines over time (or over a numeric or categorical x when a panel has no time column). Long
 * format, with a series column, becomes one line per series value; wide format one line per
 * measure, a second unit on a right-hand axis. `stacked` turns the lines into stacked areas.
 */
export function timeSeriesOption(input: BuildInput, stacked: boolean): BuiltChart {
  const { info, rows, style } = input;
  const all = roles(info);
  // Replicate-range columns (<measure>_rep_min, _rep_max) are drawn as a band around their
  // measure's lines, never as lines of their own.
  const r = { ...all, main: all.main.filter((c) => !isBandEdge(c)), secondary: all.secondary.filter((c) => !isBandEdge(c)) };
  // Without a time column, the x axis is the dimension that orders rows rather than labels them
  // (a generation number has no filter; a model family does).
  const x = r.time ?? r.dimensions.find((d) => !d.filter) ?? r.dimensions[0] ?? r.measures.find((m) => m.unit === undefined);
  const xKind: 'time' | 'category' | 'value' = r.time ? 'time' : x?.role === 'dimension' ? 'category' : 'value';
  const categories = xKind === 'category' && x ? sortCategories(distinct(rows, x.name)) : [];

  const lines = buildLines(rows, r.series, r.main, r.secondary, x, xKind, categories, '');
  const previous = input.previous
    ? buildLines(
        input.previous,
        r.series,
        r.main.filter((c) => !isPreviousColumn(c)),
        r.secondary.filter((c) => !isPreviousColumn(c)),
        x,
        xKind,
        categories,
        PREVIOUS_PREFIX
      ).map((l) => ({
        ...l,
        name: l.name + PREVIOUS_SUFFIX
      }))
    : [];
  const mainUnit = r.main[0]?.unit ?? info.unit;
  const secondUnit = r.secondary[0]?.unit;
  const hasRight = !stacked && lines.some((l) => l.axis === 1);
  const fs = style.fontSize;
  const lineWidth = Math.max(1.5, fs / 7);
  // The bucket still filling (this month so far) ends each line in a hollow point labelled
  // "so far", and its tooltip says so: a part of a period drawn like a whole one reads as a fall.
  const partial =
    xKind === 'time' && !stacked
      ? partialBucket(
          lines.flatMap((l) => l.points.map((p) => p[0] as number)),
          input.grain,
          input.now
        )
      : null;
  const muted = style.theme === 'dark' ? '#94a3b8' : '#526079';
  const dataOf = (l: Line, first: boolean) =>
    partial === null
      ? l.points
      : l.points.map((p) =>
          p[0] === partial
            ? {
                value: p,
                symbol: 'emptyCircle',
                symbolSize: Math.round(fs * 0.7),
                ...(first ? { label: { show: true, formatter: 'so far', position: 'top', color: muted, fontSize: fs } } : {})
              }
            : p
        );
  const tooltipOf = (l: Line) => ({
    valueFormatter: (v: unknown, i: number) => formatUnit(v, l.unit) + (partial !== null && l.points[i]?.[0] === partial ? SO_FAR : '')
  });

  // Dated events (ChatGPT's release) as vertical lines, carried by the first line.
  const marks =
    xKind === 'time' && info.marks?.length
      ? {
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 1, color: style.theme === 'dark' ? '#bbbbbb' : '#555555' },
            label: { formatter: '{b}', position: 'end', fontSize: fs * 0.85, color: style.theme === 'dark' ? '#dddddd' : '#333333' },
            data: info.marks.map((m) => ({ name: m.label, xAxis: Date.parse(`${m.date}T00:00:00Z`) }))
          }
        }
      : {};
  const bands =
    !stacked && r.series && r.series !== x && r.main[0] ? replicateBands(info, rows, r.series, r.main[0], x, xKind, categories, lines) : [];
  const series = [
    ...bands,
    ...lines.map((l, i) => ({
      ...(i === 0 ? marks : {}),
      id: l.id,
      name: l.name,
      type: 'line',
      ...(partial === null ? { showSymbol: false } : { showSymbol: true, symbol: 'none' }),
      symbolSize: fs * 0.5,
      connectNulls: false,
      yAxisIndex: l.axis,
      color: l.color,
      // Lines without symbols answer clicks on the line itself, for drill-down by series.
      triggerEvent: true,
      lineStyle: { width: stacked ? 0.5 : lineWidth, type: l.dash },
      ...(stacked ? { stack: 'total', areaStyle: { opacity: 0.75 } } : {}),
      tooltip: tooltipOf(l),
      data: dataOf(l, i === 0)
    })),
    ...previous.map((l) => ({
      id: l.id,
      name: l.name,
      type: 'line',
      showSymbol: false,
      yAxisIndex: stacked ? 0 : l.axis,
      color: l.color,
      // Stacked previous lines trace the old band edges without filling, so both periods show.
      ...(stacked ? { stack: 'previous' } : {}),
      lineStyle: previousLine(lineWidth),
      tooltip: { valueFormatter: (v: unknown) => formatUnit(v, l.unit) },
      data: l.points
    }))
  ];

  const base = baseOption(style);
  const xAxis =
    xKind === 'time'
      ? timeAxis(style)
      : xKind === 'category'
        ? axisStyle(style, { type: 'category', data: categories, boundaryGap: false, ...axisTitle(style, x?.label) })
        : axisStyle(style, { type: 'value', name: x?.label, nameLocation: 'middle', nameGap: fs * 1.8, minInterval: 1 });
  const shareScale = mainUnit === 'share' || mainUnit === 'probability';
  const yAxes = [
    axisStyle(style, {
      type: info.log_scale ? 'log' : 'value',
      ...(info.log_scale ? {} : stacked && shareScale ? { min: 0, max: 1 } : { scale: !shareScale }),
      ...axisTitle(style, unitTitle(mainUnit)),
      axisLabel: { ...labelOf(style), formatter: (v: number) => axisUnit(v, mainUnit) }
    }),
    ...(hasRight
      ? [
          axisStyle(style, {
            type: 'value',
            scale: true,
            splitLine: { show: false },
            ...axisTitle(style, unitTitle(secondUnit)),
            axisLabel: { ...labelOf(style), formatter: (v: number) => axisUnit(v, secondUnit) }
          })
        ]
      : [])
  ];
  const showLegend = series.length > 1;
  return {
    option: {
      ...base,
      legend: { ...(base.legend as object), show: showLegend },
      tooltip: {
        ...(base.tooltip as object),
        trigger: 'axis',
        ...(xKind === 'time' ? { axisPointer: { label: { formatter: (p: { value: number }) => timeAt(p.value, input.grain) } } } : {})
      },
      grid: gridFor(style, { legend: showLegend }),
      xAxis,
      yAxis: yAxes,
      series
    },
    drill: seriesDrill(r.series)
  };
}

const BAND_EDGE = /_rep_(min|max)$/;
/** Marks a band's series ids apart from the lines' own. */
const BAND_SUFFIX = ':band-';

function isBandEdge(c: ColumnInfo): boolean {
  return BAND_EDGE.test(c.name);
}

/**
 * Per line of a long-format chart, the band between its measure's `_rep_min` and `_rep_max`
 * columns, in the line's colour: an invisible lower edge and the gap up to the upper edge
 * stacked on it and filled (ECharts has no band series; the forecast draws its bands the same
 * way). Lines whose rows carry no range get no band.
 */
function replicateBands(
  info: BuildInput['info'],
  rows: readonly PanelRow[],
  seriesCol: ColumnInfo,
  m: ColumnInfo,
  x: ColumnInfo | undefined,
  xKind: 'time' | 'category' | 'value',
  categories: string[],
  lines: readonly Line[]
): Record<string, unknown>[] {
  const lo = info.columns.find((c) => c.name === `${m.name}_rep_min`);
  const hi = info.columns.find((c) => c.name === `${m.name}_rep_max`);
  if (!lo || !hi) return [];
  const out: Record<string, unknown>[] = [];
  for (const l of lines) {
    const subset = rows.filter((row) => String(row[seriesCol.name]) === l.name);
    const edges = (row: PanelRow): [number, number] | null => {
      const a = num(row[lo.name]);
      const b = num(row[hi.name]);
      return a === null || b === null ? null : [a, b];
    };
    if (!subset.some((row) => edges(row) !== null)) continue;
    const at = (pick: (e: [number, number]) => number): [number | string, number | null][] => {
      if (xKind === 'category') {
        const byCat = new Map(subset.map((row) => [String(row[x?.name ?? ''] ?? ''), edges(row)]));
        return categories.map((c) => {
          const e = byCat.get(c);
          return [c, e ? pick(e) : null];
        });
      }
      return subset
        .map((row): [number | string | null, number | null] => {
          const e = edges(row);
          return [xValue(row, x, xKind), e ? pick(e) : null];
        })
        .filter((p): p is [number | string, number | null] => p[0] !== null)
        .sort((a, b) => (a[0] as number) - (b[0] as number));
    };
    const name = `${l.name}: ${lo.label.replace(/, lowest of/, ', range of')}`;
    const common = { type: 'line', stack: `band-${l.id}`, symbol: 'none', silent: true, tooltip: { show: false }, yAxisIndex: l.axis };
    out.push(
      { ...common, id: `${l.id}${BAND_SUFFIX}lo`, name, lineStyle: { opacity: 0 }, data: at((e) => e[0]) },
      {
        ...common,
        id: `${l.id}${BAND_SUFFIX}width`,
        name,
        color: l.color,
        lineStyle: { opacity: 0 },
        areaStyle: { color: l.color, opacity: 0.2 },
        data: at((e) => e[1] - e[0])
      }
    );
  }
  return out;
}

function labelOf(style: BuildInput['style']) {
  return axisStyle(style).axisLabel as Record<string, unknown>;
}

function seriesDrill(series: ColumnInfo | undefined): Drill | null {
  return series?.filter ? { dimension: series.filter, via: 'series' } : null;
}

function xValue(row: PanelRow, x: ColumnInfo | undefined, kind: 'time' | 'category' | 'value'): number | string | null {
  if (!x) return null;
  const v = row[x.name];
  if (kind === 'category') return v === null || v === undefined ? null : String(v);
  return num(v);
}

function buildLines(
  rows: readonly PanelRow[],
  seriesCol: ColumnInfo | undefined,
  main: ColumnInfo[],
  secondary: ColumnInfo[],
  x: ColumnInfo | undefined,
  xKind: 'time' | 'category' | 'value',
  categories: string[],
  idPrefix: string
): Line[] {
  const pointsOf = (subset: readonly PanelRow[], m: ColumnInfo): [number | string, number | null][] => {
    if (xKind === 'category') {
      const byCat = new Map(subset.map((row) => [String(row[x?.name ?? ''] ?? ''), num(row[m.name])]));
      return categories.map((c) => [c, byCat.get(c) ?? null]);
    }
    const out: [number | string, number | null][] = [];
    for (const row of subset) {
      const xv = xValue(row, x, xKind);
      if (xv !== null) out.push([xv, num(row[m.name])]);
    }
    return out.sort((a, b) => (a[0] as number) - (b[0] as number));
  };
  if (seriesCol && seriesCol !== x) {
    const m = main[0];
    if (!m) return [];
    return distinct(rows, seriesCol.name).map((value, i) => ({
      id: `${idPrefix}${value}`,
      name: value,
      color: colorFor(value, i),
      dash: dashFor(i),
      unit: m.unit,
      axis: 0 as const,
      points: pointsOf(
        rows.filter((row) => String(row[seriesCol.name]) === value),
        m
      )
    }));
  }
  return [
    ...main.map((m, i) => ({
      id: `${idPrefix}${m.name}`,
      name: m.label,
      color: colorFor(m.name, i),
      dash: dashFor(i),
      unit: m.unit,
      axis: 0 as const,
      points: pointsOf(rows, m)
    })),
    ...secondary.map((m, i) => ({
      id: `${idPrefix}${m.name}`,
      name: m.label,
      color: colorFor(m.name, main.length + i),
      dash: dashFor(main.length + i),
      unit: m.unit,
      axis: 1 as const,
      points: pointsOf(rows, m)
    }))
  ];
}

/** Numeric categories (generations 0-9) in numeric order; labels as the server sent them. */
function sortCategories(values: string[]): string[] {
  return values.every((v) => v.trim() !== '' && Number.isFinite(Number(v))) ? [...values].sort((a, b) => Number(a) - Number(b)) : values;
}

import { axisUnit, formatUnit, timeAt, unitTitle } from '../format';
import { colorFor, distinct, num, roles } from './columns';
import { axisStyle, axisTitle, baseOption, gridFor, timeAxis } from './style';
import type { BuildInput, BuiltChart } from './types';
import type { PanelRow } from '../../contract/socket';

/**
 * Points on a log scale: quantities that grow by orders of magnitude (training tokens per model
 * over time). Points are coloured by the series column and named by the first dimension column,
 * which the tooltip shows; values at or below zero have no place on a log axis and are left out.
 */
export function scatterLogOption(input: BuildInput): BuiltChart {
  const { info, rows, style } = input;
  const r = roles(info);
  const x = r.time ?? r.measures.find((m) => !r.main.includes(m));
  const y = r.main[0];
  const label = r.dimensions[0];
  const fs = style.fontSize;
  const groups = r.series ? distinct(rows, r.series.name) : [''];
  const point = (row: PanelRow) => {
    const xv = x ? num(row[x.name]) : null;
    const yv = y ? num(row[y.name]) : null;
    if (xv === null || yv === null || yv <= 0) return null;
    return { value: [xv, yv], name: label ? String(row[label.name] ?? '') : '' };
  };
  const series = groups.map((g, i) => ({
    id: g || 'points',
    name: g || (y?.label ?? info.title),
    type: 'scatter',
    symbolSize: Math.max(6, fs * 0.7),
    color: colorFor(g, i),
    itemStyle: { opacity: 0.85 },
    data: rows.filter((row) => !r.series || String(row[r.series.name]) === g).flatMap((row) => point(row) ?? [])
  }));
  // Further measures in the same unit (a fitted trend) are lines through the points.
  const lines = r.main.slice(1).map((m, i) => ({
    id: m.name,
    name: m.label,
    type: 'line',
    symbol: 'none',
    color: colorFor(m.name, groups.length + i),
    lineStyle: { width: Math.max(2, fs / 6), type: 'dashed' },
    tooltip: { show: false },
    data: rows
      .map((row): [number | null, number | null] => [x ? num(row[x.name]) : null, num(row[m.name])])
      .filter((p): p is [number, number] => p[0] !== null && p[1] !== null && p[1] > 0)
      .sort((a, b) => a[0] - b[0])
  }));
  const base = baseOption(style);
  const fmtX = (v: number) => (x?.role === 'time' ? timeAt(v, 'day') : formatUnit(v, x?.unit));
  return {
    option: {
      ...base,
      legend: { ...(base.legend as object), show: series.length + lines.length > 1 },
      tooltip: {
        ...(base.tooltip as object),
        trigger: 'item',
        formatter: (p: { name: string; value: [number, number]; seriesName: string }) =>
          `${escapeHtml(p.name || p.seriesName)}<br>${fmtX(p.value[0])}: ${formatUnit(p.value[1], y?.unit)}`
      },
      grid: gridFor(style, { legend: series.length + lines.length > 1 }),
      xAxis: x?.role === 'time' ? timeAxis(style) : axisStyle(style, { type: 'value', scale: true, ...axisTitle(style, x?.label) }),
      yAxis: axisStyle(style, {
        type: 'log',
        logBase: 10,
        ...axisTitle(style, unitTitle(y?.unit)),
        axisLabel: { ...(axisStyle(style).axisLabel as object), formatter: (v: number) => axisUnit(v, y?.unit) }
      }),
      series: [...series, ...lines]
    },
    drill: r.series?.filter ? { dimension: r.series.filter, via: 'series' } : null
  };
}

/** Tooltips are HTML; model names come from data, so they are escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

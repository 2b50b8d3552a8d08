import { axisUnit, formatUnit, timeAt, unitTitle } from '../format';
import { colorFor, distinct, isPreviousColumn, num, PREVIOUS_PREFIX, PREVIOUS_SUFFIX, roles } from './columns';
import { axisStyle, axisTitle, baseOption, gridFor } from './style';
import type { BuildInput, BuiltChart, Drill } from './types';
import type { ColumnInfo } from '../../contract/panels';
import type { PanelRow } from '../../contract/socket';

interface BarSeries {
  id: string;
  name: string;
  color: string;
  unit: string | undefined;
  values: (number | null)[];
  stack?: string;
}

/**
 * Bars of a measure by a dimension (a domain, a language). A series column splits each bar into
 * a stack; without one, each measure in the panel's unit is its own bar in a group. Many or
 * long category names turn the chart on its side so the names stay readable.
 *
 * `histogram` keeps the same shape with touching bars and the x labels formatted as numbers.
 */
export function barOption(input: BuildInput, histogram = false): BuiltChart {
  const { info, rows, style } = input;
  const r = roles(info);
  const cat: ColumnInfo | undefined = histogram
    ? (r.dimensions[0] ?? r.measures.find((m) => m.unit !== 'count' && m.unit !== info.unit) ?? r.time)
    : (r.dimensions[0] ?? (r.series && r.series !== r.time ? r.series : r.time));
  const stackCol = r.series && r.series !== cat ? r.series : undefined;
  const values = histogram ? r.measures.filter((m) => m !== cat && (m.unit === 'count' || m.unit === info.unit)) : r.main;
  const plotted = values.length > 0 ? values : r.main.filter((m) => m !== cat);
  const catKeys = cat ? distinct(rows, cat.name) : [];
  const catLabel = (k: string) => {
    if (!cat) return k;
    if (cat.role === 'time') return timeAt(Number(k), input.grain);
    if (cat.role === 'measure') return formatUnit(Number(k), cat.unit);
    return k;
  };

  const make = (src: readonly PanelRow[], prefix: string, suffix: string): BarSeries[] => {
    const at = (subset: readonly PanelRow[], m: ColumnInfo) => {
      const by = new Map(subset.map((row) => [String(row[cat?.name ?? ''] ?? ''), num(row[m.name])]));
      return catKeys.map((k) => by.get(k) ?? null);
    };
    if (stackCol) {
      const m = plotted[0];
      if (!m) return [];
      return distinct(src, stackCol.name).map((v, i) => ({
        id: `${prefix}${v}`,
        name: v + suffix,
        color: colorFor(v, i),
        unit: m.unit,
        stack: prefix + 'total',
        values: at(
          src.filter((row) => String(row[stackCol.name]) === v),
          m
        )
      }));
    }
    return plotted.map((m, i) => ({
      id: `${prefix}${m.name}`,
      name: m.label + suffix,
      color: colorFor(m.name, i),
      unit: m.unit,
      values: at(src, m)
    }));
  };

  const current = make(rows, '', '');
  const previous = input.previous
    ? make(input.previous, PREVIOUS_PREFIX, PREVIOUS_SUFFIX).filter(
        (s) => !isPreviousColumn({ name: s.id, label: s.name.slice(0, -PREVIOUS_SUFFIX.length) })
      )
    : [];
  const labels = catKeys.map(catLabel);
  const longest = labels.reduce((n, l) => Math.max(n, l.length), 0);
  const sideways = !histogram && cat?.role !== 'time' && (catKeys.length > 8 || longest > 10);
  const unit = plotted[0]?.unit ?? info.unit;
  const fs = style.fontSize;
  const base = baseOption(style);
  const showLegend = current.length + previous.length > 1;

  const catAxis = axisStyle(style, {
    type: 'category',
    data: labels,
    ...(sideways ? { inverse: true } : {}),
    axisLabel: {
      ...(axisStyle(style).axisLabel as object),
      interval: sideways ? 0 : 'auto',
      hideOverlap: true,
      ...(sideways ? { width: fs * 16, overflow: 'truncate' } : {})
    },
    splitLine: { show: false }
  });
  const valAxis = axisStyle(style, {
    type: 'value',
    ...axisTitle(style, unitTitle(unit)),
    axisLabel: { ...(axisStyle(style).axisLabel as object), formatter: (v: number) => axisUnit(v, unit) }
  });
  const series = [
    ...current.map((s) => ({
      id: s.id,
      name: s.name,
      type: 'bar',
      color: s.color,
      ...(s.stack ? { stack: s.stack } : {}),
      ...(histogram ? { barCategoryGap: '6%' } : { barMaxWidth: fs * 3 }),
      tooltip: { valueFormatter: (v: unknown) => formatUnit(v, s.unit) },
      data: s.values
    })),
    ...previous.map((s) => ({
      id: s.id,
      name: s.name,
      type: 'bar',
      color: s.color,
      ...(s.stack ? { stack: s.stack } : {}),
      barMaxWidth: fs * 3,
      itemStyle: { opacity: 0.35, borderColor: s.color, borderType: 'dotted', borderWidth: 1 },
      tooltip: { valueFormatter: (v: unknown) => formatUnit(v, s.unit) },
      data: s.values
    }))
  ];
  let drill: Drill | null = null;
  if (cat?.filter) drill = { dimension: cat.filter, via: 'name' };
  else if (stackCol?.filter) drill = { dimension: stackCol.filter, via: 'series' };
  // Drill-down by category name needs the raw value, not the formatted label.
  const needsRaw = drill?.via === 'name' && labels.some((l, i) => l !== catKeys[i]);
  return {
    option: {
      ...base,
      legend: { ...(base.legend as object), show: showLegend },
      tooltip: { ...(base.tooltip as object), trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: gridFor(style, { legend: showLegend }),
      xAxis: sideways ? valAxis : catAxis,
      yAxis: sideways ? catAxis : valAxis,
      series
    },
    drill: needsRaw ? null : drill
  };
}

import { legendRoom, type ChartOption } from './style';

/** One key of a legend drawn outside the chart: name, colour, and whether the line is dashed. */
interface LegendEntry {
  name: string;
  color: string;
  dashed: boolean;
}

interface SeriesLike {
  name?: unknown;
  color?: unknown;
  itemStyle?: { color?: unknown };
  lineStyle?: { color?: unknown; type?: unknown };
}

/**
 * The legend of a built option as data, for screens that draw their own legend (the wall wraps
 * it instead of paging it, since nobody is there to press the arrows). Every named series once,
 * in the option's order, with the colour the chart draws it in.
 */
export function legendEntries(option: ChartOption): LegendEntry[] {
  const palette = Array.isArray(option.color) ? (option.color as unknown[]).filter((c): c is string => typeof c === 'string') : [];
  const series = (Array.isArray(option.series) ? option.series : [option.series]) as SeriesLike[];
  // A legend that lists its entries (the forecast leaves its bands out) is followed.
  const listed = (option.legend as { data?: unknown } | undefined)?.data;
  const only = Array.isArray(listed) ? new Set(listed.filter((n): n is string => typeof n === 'string')) : null;
  const seen = new Set<string>();
  const out: LegendEntry[] = [];
  series.forEach((s, i) => {
    if (typeof s?.name !== 'string' || s.name === '' || seen.has(s.name) || (only && !only.has(s.name))) return;
    seen.add(s.name);
    const explicit = [s.color, s.itemStyle?.color, s.lineStyle?.color].find((c): c is string => typeof c === 'string');
    out.push({
      name: s.name,
      color: explicit ?? palette[i % Math.max(1, palette.length)] ?? '#999999',
      dashed: s.lineStyle?.type === 'dashed'
    });
  });
  return out;
}

/** The first `max` entries and how many more there are, for a legend that must fit its box. */
export function topEntries(entries: LegendEntry[], max: number): { shown: LegendEntry[]; more: number } {
  return { shown: entries.slice(0, max), more: Math.max(0, entries.length - max) };
}

/**
 * The option without its own legend, for a screen that draws the legend itself right above the
 * chart: every grid whose top holds the legend's room (gridFor) gives that room back, so the plot
 * starts under the drawn legend instead of under an empty band where the hidden one would be.
 * Grids placed by percentage (the forecast's lower plot) and ones kept without room stay put.
 */
export function withoutLegend(option: ChartOption, fontSize: number): ChartOption {
  const room = legendRoom(fontSize);
  const lift = (g: unknown): unknown => {
    const top = (g as { top?: unknown } | null)?.top;
    return typeof top === 'number' && top >= fontSize + room ? { ...(g as object), top: top - room } : g;
  };
  const grid = option.grid;
  return {
    ...option,
    legend: { show: false },
    ...(grid === undefined ? {} : { grid: Array.isArray(grid) ? grid.map(lift) : lift(grid) })
  };
}

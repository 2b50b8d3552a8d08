// Annotations and claims drawn on any chart option with a time (or year) x axis: events as
// vertical lines (markLine), regions as shaded bands (markArea), events closer than a few
// percent of the window grouped into one mark ("ChatGPT released +3"), and claims with a value as
// a reference line or band with their citation. One function for every screen (overview,
// explorer, wall) and for the report's SVG, so the marks read the same everywhere.
import { annotationOnPanel, type Annotation } from '../../contract/annotations';
import type { Claim } from '../../contract/claims';
import { toDecimalYear } from '../../contract/days';
import type { PanelInfo } from '../../contract/panels';
import { THEME_COLORS, type ChartOption, type ChartStyle } from './style';

/** Events this close (a share of the window's width) share one mark: closer labels would overlap. */
export const GROUP_FRACTION = 0.08;
const LABEL_CHARS = 22;

export interface MarkOptions {
  info: Pick<PanelInfo, 'id' | 'unit'>;
  annotations: readonly Annotation[];
  claims?: readonly Claim[];
  style: ChartStyle;
  /** Report numbering: a mark's label is its annotations' numbers instead of a title. */
  numbers?: ReadonlyMap<string, number>;
}

export interface EventGroup {
  time: number;
  items: Annotation[];
}

/** Events in time order, each group starting at its first event and spanning at most `gapMs`. */
export function groupEvents(events: readonly Annotation[], gapMs: number): EventGroup[] {
  const groups: EventGroup[] = [];
  for (const a of [...events].sort((x, y) => x.time - y.time || x.id.localeCompare(y.id))) {
    const last = groups[groups.length - 1];
    if (last && a.time - last.time <= gapMs) last.items.push(a);
    else groups.push({ time: a.time, items: [a] });
  }
  return groups;
}

function short(title: string): string {
  return title.length > LABEL_CHARS ? `${title.slice(0, LABEL_CHARS - 1)}…` : title;
}

/** "1" or "1-3" for numbered marks, else the first title and how many more. */
export function groupLabel(items: readonly Annotation[], numbers?: ReadonlyMap<string, number>): string {
  if (numbers) {
    const ns = items.map((a) => numbers.get(a.id)).filter((n): n is number => n !== undefined);
    if (ns.length === 0) return '';
    const lo = Math.min(...ns);
    const hi = Math.max(...ns);
    return lo === hi ? String(lo) : `${lo}–${hi}`;
  }
  const first = items[0];
  if (!first) return '';
  return items.length > 1 ? `${short(first.title)} +${items.length - 1}` : short(first.title);
}

/** What a hover or tap on a mark shows: each annotation's title, date and source, as plain text. */
export function groupTooltip(items: readonly Annotation[]): string {
  return items
    .map((a) => {
      const day = new Date(a.time).toISOString().slice(0, 10);
      const end = a.timeEnd !== null ? ` to ${new Date(a.timeEnd).toISOString().slice(0, 10)}` : '';
      return `${day}${end}: ${a.title}${a.source ? ` (${a.source.title})` : ''}`;
    })
    .join('\n');
}

type XKind = 'time' | 'year';

function xKindOf(option: Record<string, unknown>): XKind | null {
  const axis = (Array.isArray(option.xAxis) ? option.xAxis[0] : option.xAxis) as { type?: string } | undefined;
  if (axis?.type === 'time') return 'time';
  // The forecast draws decimal years on a value axis (checked against the data's extent below).
  if (axis?.type === 'value') return 'year';
  return null;
}

/** The x extent of the option's data, in the axis's own units. */
function extent(option: Record<string, unknown>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of (option.series as { data?: unknown[] }[] | undefined) ?? []) {
    for (const p of s.data ?? []) {
      const x = Array.isArray(p) ? p[0] : (p as { value?: unknown[] } | null)?.value?.[0];
      if (typeof x === 'number' && Number.isFinite(x)) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Text that ECharts' rich-text label syntax would read as markup, made literal. */
function plain(s: string): string {
  return s.replace(/[{}|]/g, ' ');
}

/** ECharts writes tooltip strings into the page as HTML: every title and source is escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * The option with the annotations of this panel that fall in its window and the claims about
 * it added as marks on one extra, data-less series. Options without a time or year x axis (bars,
 * histograms) are returned unchanged.
 */
/** The chart's x axis kind, its extent, the mapping from epoch ms onto it; null without a time axis. */
function axisOf(option: ChartOption): { kind: XKind; lo: number; hi: number; x: (ms: number) => number } | null {
  const o = option as Record<string, unknown>;
  const kind = xKindOf(o);
  const span = extent(o);
  if (!kind || !span) return null;
  // The forecast's x axis is years only when its values look like years, not epoch ms.
  if (kind === 'year' && !(span[0] > 1000 && span[1] < 3000)) return null;
  return { kind, lo: span[0], hi: span[1], x: (ms: number) => (kind === 'time' ? ms : toDecimalYear(new Date(ms))) };
}

/** The annotations a chart draws (its panel's, inside its x extent), in time order: for the list under it. */
export function annotationsOnChart(option: ChartOption, opts: Pick<MarkOptions, 'info' | 'annotations'>): Annotation[] {
  const axis = axisOf(option);
  if (!axis) return [];
  const { x, lo, hi } = axis;
  return opts.annotations
    .filter((a) => annotationOnPanel(a, opts.info.id) && x(a.time) <= hi && x(a.timeEnd ?? a.time) >= lo)
    .sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
}

export function withAnnotations(option: ChartOption, opts: MarkOptions): ChartOption {
  const o = option as Record<string, unknown>;
  const axis = axisOf(option);
  if (!axis) return option;
  const { kind, x, lo, hi } = axis;
  const mine = annotationsOnChart(option, opts);
  // A claim is drawn only where the observatory measures the quantity it compares it with (its
  // evidence panel): a percentage of abstracts is not a line on a chart of word frequencies.
  const claims = (opts.claims ?? []).filter((c) => c.value !== null && c.evidence?.panel === opts.info.id);
  if (mine.length === 0 && claims.length === 0) return option;

  const c = THEME_COLORS[opts.style.theme];
  const fs = opts.style.fontSize;
  const accent = opts.style.theme === 'dark' ? '#f0e442' : '#8a5a00';
  const gap = (hi - lo) * GROUP_FRACTION;
  const events = groupEvents(
    mine.filter((a) => a.kind === 'event').map((a) => ({ ...a, time: x(a.time) })),
    gap
  );
  const regions = mine.filter((a) => a.kind === 'region');

  const lineData: Record<string, unknown>[] = events.map((g) => ({
    name: plain(groupLabel(g.items, opts.numbers)),
    xAxis: g.time,
    annotationIds: g.items.map((a) => a.id),
    tooltip: { formatter: escapeHtml(groupTooltip(g.items)).replace(/\n/g, '<br/>') }
  }));
  const areaData: unknown[] = regions.map((a) => [
    {
      name: plain(groupLabel([a], opts.numbers)),
      xAxis: Math.max(lo, x(a.time)),
      annotationIds: [a.id],
      tooltip: { formatter: escapeHtml(groupTooltip([a])) }
    },
    { xAxis: Math.min(hi, x(a.timeEnd ?? a.time)) }
  ]);

  // Claims: a share or index as a horizontal reference line, a year range as a band.
  for (const cl of claims) {
    const cite = plain(
      `${cl.source.publisher || cl.source.title} (${cl.as_of}): ${cl.value}${cl.value_high !== null ? `–${cl.value_high}` : ''}${cl.unit === '%' ? '%' : ''}`
    );
    if (cl.unit === 'year' && cl.value !== null) {
      // Whole years, inclusive: "2026-2032" runs from the start of 2026 to the end of 2032.
      const yearX = (y: number) => (kind === 'year' ? y : Date.UTC(y, 0, 1));
      areaData.push([
        { name: cite, xAxis: yearX(cl.value), itemStyle: { color: accent, opacity: 0.1 }, label: { position: 'insideBottom' } },
        { xAxis: yearX((cl.value_high ?? cl.value) + 1) }
      ]);
    } else if (cl.unit === '%' && opts.info.unit === 'share' && cl.value !== null) {
      lineData.push({
        name: cite,
        yAxis: cl.value / 100,
        lineStyle: { color: accent, type: 'dotted' },
        label: { position: 'insideEndTop' }
      });
    }
  }

  const marks = {
    id: 'annotations',
    name: 'Annotations',
    type: 'line',
    data: [],
    silent: false,
    tooltip: { show: true },
    ...(lineData.length
      ? {
          markLine: {
            symbol: 'none',
            animation: false,
            lineStyle: { type: 'dashed', width: Math.max(1, fs / 10), color: c.muted },
            label: { formatter: '{b}', position: 'end', fontSize: Math.round(fs * 0.85), color: c.fg },
            emphasis: { label: { show: true } },
            data: lineData
          }
        }
      : {}),
    ...(areaData.length
      ? {
          markArea: {
            animation: false,
            itemStyle: { color: c.muted, opacity: 0.15 },
            label: { formatter: '{b}', position: 'insideTop', fontSize: Math.round(fs * 0.85), color: c.fg },
            data: areaData
          }
        }
      : {})
  };
  const legend = o.legend as { data?: unknown[] } | undefined;
  return {
    ...o,
    // Keep the legend to the data: an explicit list leaves the marks' carrier series out.
    legend: legend?.data
      ? legend
      : { ...(legend ?? {}), data: ((o.series as { name?: string }[]) ?? []).map((s) => s.name).filter((n): n is string => !!n) },
    series: [...((o.series as unknown[]) ?? []), marks]
  };
}

/** The annotations a chart of this panel shows for the window of its rows, in time order. */
export function annotationsInView(annotations: readonly Annotation[], panel: string, fromMs: number, toMs: number): Annotation[] {
  return annotations
    .filter((a) => annotationOnPanel(a, panel) && a.time <= toMs && (a.timeEnd ?? a.time) >= fromMs)
    .sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
}

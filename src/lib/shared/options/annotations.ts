// Annotations and claims drawn on any chart option with a time (or year) x axis: events as
// vertical lines (markLine), regions as shaded bands (markArea), events too close to tell apart
// at the chart's width grouped into one mark ("ChatGPT released +3"), labels staggered so none
// covers another (annotation-layout.ts), and claims with a value as a reference line or band
// with their citation. One function for every screen (overview,
// explorer, wall) and for the report's SVG, so the marks read the same everywhere.
import { annotationOnPanel, type Annotation } from '../../contract/annotations';
import type { Claim } from '../../contract/claims';
import { toDecimalYear } from '../../contract/days';
import type { PanelInfo } from '../../contract/panels';
import {
  groupByDistance,
  groupPixels,
  LABEL_PAD,
  labelFontSize,
  labelRows,
  labelWidth,
  placeLabels,
  plotWidth,
  rowHeight
} from './annotation-layout';
import { THEME_COLORS, type ChartOption, type ChartStyle } from './style';

const LABEL_CHARS = 22;
/** Share claims closer than this (percentage points) are labelled on opposite sides of their lines. */
const CLAIM_CLOSE_POINTS = 5;
/** The width marks are laid out for before a screen has measured its chart. */
const DEFAULT_WIDTH = 640;

interface MarkOptions {
  info: Pick<PanelInfo, 'id' | 'unit'>;
  annotations: readonly Annotation[];
  claims?: readonly Claim[];
  style: ChartStyle;
  /** Report numbering: a mark's label is its annotations' numbers instead of a title. */
  numbers?: ReadonlyMap<string, number>;
  /** The chart's width in px, as drawn: grouping and labels are laid out for it. */
  width?: number;
}

interface EventGroup {
  time: number;
  items: Annotation[];
}

/** Events in time order, each group starting at its first event and spanning at most `gap` (in `time`'s units). */
export function groupEvents(events: readonly Annotation[], gap: number): EventGroup[] {
  const sorted = [...events].sort((x, y) => x.time - y.time || x.id.localeCompare(y.id));
  return groupByDistance(sorted, (a) => a.time, gap).map((g) => ({ time: g.at, items: g.items }));
}

function short(title: string): string {
  return title.length > LABEL_CHARS ? `${title.slice(0, LABEL_CHARS - 1)}…` : title;
}

/** "1" or "1-3" for numbered marks, else the first title and how many more. */
function groupLabel(items: readonly Annotation[], numbers?: ReadonlyMap<string, number>): string {
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
function groupTooltip(items: readonly Annotation[]): string {
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
  // Nor is it drawn beside evidence in another unit (a multiple of a word's share, a budget).
  const claims = (opts.claims ?? []).filter((c) => c.value !== null && c.evidence?.panel === opts.info.id && c.evidence.unit === c.unit);
  if (mine.length === 0 && claims.length === 0) return option;

  const c = THEME_COLORS[opts.style.theme];
  const fs = opts.style.fontSize;
  const accent = opts.style.theme === 'dark' ? '#f0e442' : '#8a5a00';
  // Pixels per x unit at the chart's drawn width: marks are grouped and labelled by how far apart
  // they are on screen, so a phone groups more than a wall.
  const plot = plotWidth(o, opts.width && opts.width > 0 ? opts.width : DEFAULT_WIDTH, fs);
  const pxPer = plot / Math.max(hi - lo, Number.EPSILON);
  const px = (v: number) => (v - lo) * pxPer;
  const events = groupEvents(
    mine.filter((a) => a.kind === 'event').map((a) => ({ ...a, time: x(a.time) })),
    groupPixels(fs) / pxPer
  );
  const regions = mine.filter((a) => a.kind === 'region');

  // One row layout for event and region labels, in x order: a region's label sits at the middle
  // of the part of it in view.
  const labelled = [
    ...events.map((g) => ({ at: g.time, text: plain(groupLabel(g.items, opts.numbers)), event: g, region: null })),
    ...regions.map((a) => {
      const from = Math.max(lo, x(a.time));
      const to = Math.min(hi, x(a.timeEnd ?? a.time));
      return { at: (from + to) / 2, text: plain(groupLabel([a], opts.numbers)), event: null, region: { a, from, to } };
    })
  ].sort((p, q) => p.at - q.at);
  const places = placeLabels(
    labelled.map((l) => ({ x: px(l.at), width: labelWidth(l.text, fs) })),
    plot,
    labelRows(opts.style)
  );
  const rowH = rowHeight(fs);

  const lineData: Record<string, unknown>[] = [];
  const areaData: unknown[] = [];
  labelled.forEach((l, i) => {
    const place = places[i];
    const row = place?.row ?? null;
    if (l.event) {
      lineData.push({
        name: l.text,
        xAxis: l.event.time,
        annotationIds: l.event.items.map((a) => a.id),
        tooltip: { formatter: escapeHtml(groupTooltip(l.event.items)).replace(/\n/g, '<br/>') },
        // The label hangs from the top of the line, inside the plot, one row per step down.
        label:
          row === null
            ? { show: false }
            : { position: 'end', verticalAlign: 'top', align: place?.align ?? 'center', distance: [0, -(LABEL_PAD.y + row * rowH)] }
      });
    } else if (l.region) {
      areaData.push([
        {
          name: l.text,
          xAxis: l.region.from,
          annotationIds: [l.region.a.id],
          tooltip: { formatter: escapeHtml(groupTooltip([l.region.a])) },
          label: row === null ? { show: false } : { position: 'insideTop', distance: LABEL_PAD.y, offset: [0, row * rowH] }
        },
        { xAxis: l.region.to }
      ]);
    }
  });

  // Claims: a share as a horizontal reference line, a year range as a band.
  const cite = (cl: Claim) =>
    plain(
      `${cl.source.publisher || cl.source.title} (${cl.as_of}): ${cl.value}${cl.value_high !== null ? `–${cl.value_high}` : ''}${cl.unit === '%' ? '%' : ''}`
    );
  for (const cl of claims) {
    if (cl.unit !== 'year' || cl.value === null) continue;
    // Whole years, inclusive: "2026-2032" runs from the start of 2026 to the end of 2032.
    const yearX = (y: number) => (kind === 'year' ? y : Date.UTC(y, 0, 1));
    areaData.push([
      { name: cite(cl), xAxis: yearX(cl.value), itemStyle: { color: accent, opacity: 0.1 }, label: { position: 'insideBottom' } },
      { xAxis: yearX((cl.value_high ?? cl.value) + 1) }
    ]);
  }
  // Claims about nearly the same share (Graphite's 50.3% and the "50%" that quotes it) would write
  // their citations over each other: from the highest down, the first of a close group is labelled
  // above its line, the next below its own (away from the first), and any more keep their line
  // and hover only.
  const shares = opts.info.unit === 'share' ? claims.filter((cl) => cl.unit === '%' && cl.value !== null) : [];
  let cluster: { at: number; n: number } | null = null;
  for (const cl of [...shares].sort((a, b) => (b.value ?? 0) - (a.value ?? 0))) {
    const v = cl.value ?? 0;
    cluster = cluster && cluster.at - v <= CLAIM_CLOSE_POINTS ? { at: cluster.at, n: cluster.n + 1 } : { at: v, n: 0 };
    lineData.push({
      name: cite(cl),
      yAxis: v / 100,
      lineStyle: { color: accent, type: 'dotted' },
      label: cluster.n === 0 ? { position: 'insideEndTop' } : cluster.n === 1 ? { position: 'insideEndBottom' } : { show: false }
    });
  }

  // Labels sit over the data at the top of the plot: a backing of the chart's own background
  // keeps them readable over lines.
  const labelBox = {
    fontSize: labelFontSize(fs),
    color: c.fg,
    backgroundColor: opts.style.theme === 'dark' ? 'rgba(11, 18, 32, 0.85)' : 'rgba(255, 255, 255, 0.85)',
    padding: [LABEL_PAD.y, LABEL_PAD.x]
  };
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
            label: { formatter: '{b}', position: 'end', ...labelBox },
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
            label: { formatter: '{b}', position: 'insideTop', ...labelBox },
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

// Where annotation labels go on a chart of a given pixel width: close events share one mark, and
// each label takes the first row at the top of the plot where it does not touch the one before
// it; a label with no free row is hidden and its mark stays (the text is in the mark's hover and
// in the list under the chart). Pure arithmetic on estimated text widths, so the browser and the
// report's SVG lay out alike; tests/e2e/annotation-labels.spec.ts measures the rendered labels.
import type { ChartStyle } from './style';

/** Share of the font size one character takes, on average, in the sans-serif fonts charts use. */
const CHAR_EM = 0.68;
/** Room around a label's text (its background), in px each side. */
export const LABEL_PAD = { x: 4, y: 2 } as const;
/** Clear space between two labels in one row, in px. */
const LABEL_GAP = 6;

/** Label text size for a chart's base font size. */
export const labelFontSize = (fontSize: number) => Math.round(fontSize * 0.85);

/** Estimated width of a label box (text and its padding), in px. */
export function labelWidth(text: string, fontSize: number): number {
  return Math.ceil(text.length * labelFontSize(fontSize) * CHAR_EM) + 2 * LABEL_PAD.x;
}

/** Height of one label row (text, padding and a gap), in px. */
export function rowHeight(fontSize: number): number {
  return Math.ceil(labelFontSize(fontSize) * 1.3) + 2 * LABEL_PAD.y + 2;
}

/** How many label rows a chart gives its marks: fewer on small boxes, so the data stays in view. */
export const labelRows = (style: ChartStyle) => (style.dense ? 2 : 3);

/** Events whose marks are closer than this many px share one: two lines that close read as one. */
export const groupPixels = (fontSize: number) => Math.round(fontSize * 1.5);

/**
 * The plot's width inside a chart of `width` px: the grid's margins and room for the value axis
 * labels taken off. An underestimate on purpose: marks drawn further apart than estimated can
 * only have more room between their labels, never less.
 */
export function plotWidth(option: Record<string, unknown>, width: number, fontSize: number): number {
  const grid = (Array.isArray(option.grid) ? option.grid[0] : option.grid) as { left?: unknown; right?: unknown } | undefined;
  const px = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
  const yAxes = Array.isArray(option.yAxis) ? option.yAxis.length : 1;
  // Value labels such as "100T" or "0.0001%" (about six characters) and a title along each y axis.
  const axisRoom = yAxes * (6 * CHAR_EM + 1.5) * fontSize;
  return Math.max(40, width - px(grid?.left, fontSize) - px(grid?.right, fontSize) - axisRoom);
}

type LabelAlign = 'left' | 'center' | 'right';

/** One label to place: its mark's position on the plot (px from the plot's left) and width. */
interface LabelItem {
  x: number;
  width: number;
}

/** Where a label went: its row (0 at the top) and alignment, or null when hidden. */
interface LabelPlace {
  row: number | null;
  align: LabelAlign;
  left: number;
  right: number;
}

/**
 * Labels in x order, each in the first of `rows` rows where it clears the last label of that row
 * by LABEL_GAP; centred on its mark unless that runs off the plot, then starting or ending at it.
 */
export function placeLabels(items: readonly LabelItem[], plot: number, rows: number): LabelPlace[] {
  const ends: number[] = Array.from({ length: rows }, () => -Infinity);
  return items.map(({ x, width }) => {
    const align: LabelAlign = x - width / 2 < 0 ? 'left' : x + width / 2 > plot ? 'right' : 'center';
    const left = align === 'left' ? x : align === 'right' ? x - width : x - width / 2;
    const right = left + width;
    const row = ends.findIndex((end) => end + LABEL_GAP <= left);
    if (row === -1) return { row: null, align, left, right };
    ends[row] = right;
    return { row, align, left, right };
  });
}

/** Groups of points, in order, each starting at its first point and spanning at most `gap`. */
export function groupByDistance<T>(items: readonly T[], at: (item: T) => number, gap: number): { at: number; items: T[] }[] {
  const groups: { at: number; items: T[] }[] = [];
  for (const item of items) {
    const x = at(item);
    const last = groups[groups.length - 1];
    if (last && x - last.at <= gap) last.items.push(item);
    else groups.push({ at: x, items: [item] });
  }
  return groups;
}

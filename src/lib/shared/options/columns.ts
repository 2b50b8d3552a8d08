import type { ColumnInfo, PanelInfo } from '../../contract/panels';
import type { PanelRow } from '../../contract/socket';
import { MARKET_CATEGORIES } from '../../contract/streams';
import { OKABE_ITO, PROVENANCE_COLORS } from '../palette';

/** A panel's columns sorted by the role they play in a chart. */
interface Roles {
  time: ColumnInfo | undefined;
  series: ColumnInfo | undefined;
  dimensions: ColumnInfo[];
  measures: ColumnInfo[];
  /** Measures in the panel's own unit: what the chart plots on its main axis. */
  main: ColumnInfo[];
  /** Measures in one other unit, for a second axis; the rest live in the table only. */
  secondary: ColumnInfo[];
}

export function roles(info: PanelInfo): Roles {
  const cols = info.columns;
  const measures = cols.filter((c) => c.role === 'measure');
  // A "change" column is the difference of two others: it belongs in the table, not beside
  // the values it is computed from, and it may be negative on a share axis.
  const isChange = (c: ColumnInfo) => /(^|_)change$/.test(c.name) || c.unit === 'points' || c.unit === 'change';
  const inUnit = measures.filter((c) => c.unit === info.unit && !isChange(c));
  const main = inUnit.length > 0 ? inUnit : measures.slice(0, 1);
  const otherUnit = measures.find((c) => !main.includes(c) && c.unit !== info.unit && !isChange(c))?.unit;
  return {
    time: cols.find((c) => c.role === 'time'),
    series: cols.find((c) => c.role === 'series'),
    dimensions: cols.filter((c) => c.role === 'dimension'),
    measures,
    main,
    secondary: otherUnit === undefined ? [] : measures.filter((c) => c.unit === otherUnit)
  };
}

export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Distinct values of a column in first-seen order (the server's ORDER BY decides). */
export function distinct(rows: readonly PanelRow[], col: string): string[] {
  const seen = new Set<string>();
  for (const r of rows) {
    const v = r[col];
    if (v !== null && v !== undefined) seen.add(String(v));
  }
  return [...seen];
}

/**
 * Series colours that do not depend on which series happen to be present: provenance classes
 * and market categories keep one colour on every chart; anything else takes the palette in order.
 * Yellow comes last because it is weak on white.
 */
const ORDERED = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999', '#F0E442'] as const;
export function colorFor(name: string, index: number): string {
  const key = name.toLowerCase();
  if (key in PROVENANCE_COLORS) return PROVENANCE_COLORS[key as keyof typeof PROVENANCE_COLORS];
  const cat = (MARKET_CATEGORIES as readonly string[]).indexOf(key);
  if (cat >= 0) return ORDERED[cat % ORDERED.length] as string;
  return ORDERED[index % ORDERED.length] ?? (OKABE_ITO[0] as string);
}

/**
 * The line pattern that tells apart two series of the same colour: past the eight colours of the
 * palette, the second round is dashed (the marker-word chart has nine words), so "these" is not
 * "convolutional" drawn twice.
 */
export function dashFor(index: number): 'solid' | 'dashed' {
  return index >= ORDERED.length ? 'dashed' : 'solid';
}

/** Series ids of compare overlays start with this, so a click on them never drills down. */
export const PREVIOUS_PREFIX = 'previous:';
export const PREVIOUS_SUFFIX = ' (previous period)';

/**
 * A compare overlay's line: dotted and a little faded, a style no current series uses (the AI
 * share's document line is dashed), so the earlier period is never read as another measure.
 */
export function previousLine(width: number): Record<string, unknown> {
  return { width, type: 'dotted', opacity: 0.85 };
}

/**
 * Columns that already hold the previous window (`*_prev`, "…, previous period"): a compare
 * overlay leaves them out, or it would draw the period before the previous one under the same name.
 */
export function isPreviousColumn(c: { name: string; label: string }): boolean {
  return /_prev$/.test(c.name) || /previous period/i.test(c.label);
}

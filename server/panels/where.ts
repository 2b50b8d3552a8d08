import { DIMENSIONS, type Dimension, type PanelFilters } from '../../src/lib/contract/filters';
import type { Source } from './source';
import { chTime } from './time';

export interface Where {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * The WHERE clause of every panel query. It always opens with the time range, which the
 * partitioning and sort keys are built for; dimension filters follow, one `IN` each. Column
 * names come from the source's allow-list; values only ever as bound parameters.
 */
export function buildWhere(source: Source, filters: PanelFilters, fromMs: number, toMs: number): Where {
  const { col, type } = source.time;
  const range =
    type === 'Date'
      ? [`${col} >= toDate({from:DateTime64(3, 'UTC')})`, `${col} <= toDate({to:DateTime64(3, 'UTC')})`]
      : [`${col} >= {from:DateTime64(3, 'UTC')}`, `${col} < {to:DateTime64(3, 'UTC')}`];
  const dims = dimensionFilters(source, filters);
  return { sql: `WHERE ${[...range, ...dims.parts].join(' AND ')}`, params: { from: chTime(fromMs), to: chTime(toMs), ...dims.params } };
}

/**
 * The dimension filters alone, one `IN` each, for a caller that bounds time its own way (the
 * month split's pieces). Column names from the source's allow-list, values as parameters.
 */
export function dimensionFilters(source: Source, filters: PanelFilters): { parts: string[]; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  for (const d of DIMENSIONS) {
    const values = filters[d];
    if (!values || values.length === 0) continue;
    if (!source.dims.has(d)) throw new Error(`source ${source.table} has no column for filter ${d}`);
    // The column name is the dimension name itself: both come from the same allow-list.
    parts.push(`${columnOf(d)} IN {f_${d}:Array(String)}`);
    params[`f_${d}`] = values;
  }
  return { parts, params };
}

/** Enum columns compare as their names when cast to String, so IN (strings) works on them too. */
function columnOf(d: Dimension): string {
  return d === 'category' ? 'toString(category)' : d;
}

/** The dimensions a filter set actually restricts. */
export function usedDimensions(filters: PanelFilters): Dimension[] {
  return DIMENSIONS.filter((d) => (filters[d]?.length ?? 0) > 0);
}

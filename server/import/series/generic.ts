// The generic recipe: any long or wide CSV, described by flags instead of code. Long: one value
// column, other columns as labels (`--labels sector,country`). Wide: several value columns, each
// column's name becoming a label (`--column-label word`).
import { Collector, columns, numberCell, RecipeError, type Converted } from './row';
import type { CsvTable } from '../csv';

export interface GenericCsvOptions {
  /** Column holding the date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time. */
  date: string;
  /** Value columns; default every column that is neither the date nor a label. */
  values?: string[];
  series: string;
  source: string;
  unit?: string;
  licence?: string;
  url?: string;
  /** Columns whose text becomes a label of the same name (lower-cased). */
  labels?: string[];
  /** With several value columns: the label that names the column. @default 'column' */
  columnLabel?: string;
}

/** A date cell as YYYY-MM-DD: a year is its 1 January, a month its first day. */
function dateCell(cell: string | undefined, line: number, column: string): string {
  const s = (cell ?? '').trim();
  if (/^\d{4}$/.test(s)) return `${s}-01-01`;
  if (/^\d{4}-\d{2}$/.test(s)) return `${s}-01`;
  if (/^\d{4}-\d{2}-\d{2}(?:[T ].*)?$/.test(s)) return s.slice(0, 10);
  throw new RecipeError(
    line,
    column,
    `column "${column}" must be a year (YYYY), month (YYYY-MM) or date (YYYY-MM-DD), got ${JSON.stringify(s)}`
  );
}

/** Header text as a label name: lower case, [a-z0-9_]. */
function labelName(s: string): string {
  const n = s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(n) ? n : `c_${n}`;
}

export function convertGeneric(t: CsvTable, o: GenericCsvOptions, file: string): Converted {
  const labelCols = o.labels ?? [];
  const at = columns(t.header, [o.date, ...labelCols, ...(o.values ?? [])], file);
  const values = o.values ?? t.header.filter((h) => h !== o.date && !labelCols.includes(h) && h !== '');
  if (values.length === 0) throw new RecipeError(1, undefined, `${file} has no value column besides "${o.date}"`);
  const columnLabel = values.length > 1 ? labelName(o.columnLabel ?? 'column') : undefined;
  const out = new Collector();
  for (const r of t.records) {
    out.records++;
    const date = dateCell(r.cells[at.get(o.date) ?? -1], r.line, o.date);
    const labels: Record<string, string> = {};
    for (const c of labelCols) {
      const v = (r.cells[at.get(c) ?? -1] ?? '').trim();
      if (v === '') throw new RecipeError(r.line, c, `label column "${c}" is empty`);
      labels[labelName(c)] = v;
    }
    for (const col of values) {
      const v = numberCell(r.cells[at.get(col) ?? -1], r.line, col);
      if (v === null) {
        out.skip('empty_value');
        continue;
      }
      out.add(
        {
          series: o.series,
          date,
          value: v,
          unit: o.unit ?? '',
          labels: columnLabel ? { ...labels, [columnLabel]: col } : labels,
          source: o.source,
          licence: o.licence ?? '',
          url: o.url ?? ''
        },
        r.line
      );
    }
  }
  return out;
}

// What a series recipe produces: observations in the ingest contract of the `series` stream
// (docs/INGEST.md), each with where it came from in the file.

export interface SeriesRow {
  series: string;
  date: string;
  value: number;
  unit: string;
  labels: Record<string, string>;
  source: string;
  licence: string;
  url: string;
}

/** A record that cannot be read: the import stops with its line and nothing written. */
export class RecipeError extends Error {
  override name = 'RecipeError';
  constructor(
    readonly line: number,
    readonly field: string | undefined,
    message: string
  ) {
    super(message);
  }
}

export interface Converted {
  rows: { row: SeriesRow; line: number }[];
  /** Records (or cells) left out on purpose, by reason. */
  skipped: Record<string, number>;
  records: number;
}

export class Collector implements Converted {
  rows: { row: SeriesRow; line: number }[] = [];
  skipped: Record<string, number> = {};
  records = 0;
  add(row: SeriesRow, line: number): void {
    this.rows.push({ row, line });
  }
  skip(reason: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as a number: null when empty (the caller skips it), a RecipeError when not a number. */
export function numberCell(cell: string | undefined, line: number, column: string): number | null {
  const s = (cell ?? '').trim();
  if (s === '' || s === 'NA' || s === 'NaN') return null;
  if (!DECIMAL.test(s)) throw new RecipeError(line, column, `column "${column}" is not a number: ${JSON.stringify(s)}`);
  return Number(s);
}

/** Header positions by name; a RecipeError (line 1) naming any missing column. */
export function columns(header: readonly string[], wanted: readonly string[], file: string): Map<string, number> {
  const at = new Map(header.map((h, i) => [h, i]));
  const missing = wanted.filter((w) => !at.has(w));
  if (missing.length > 0)
    throw new RecipeError(
      1,
      missing[0],
      `${file} lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`
    );
  return at;
}

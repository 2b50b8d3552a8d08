import type { RowContract } from './contract';

/**
 * How one stream's rows are checked and written.
 *
 * Ingest hands ClickHouse the lines as they were sent whenever it can: re-serialising every row
 * would cost more than parsing it. A row's line can go as sent when ClickHouse will read exactly
 * what the check accepted (field names are column names, left-out fields take the column
 * DEFAULT that is the contract's default). When it would not (a `5.0` where ClickHouse wants an
 * integer, a null for a field with a default, an upper-case domain), the check returns the row
 * to write instead, normalised.
 */
export interface Checked {
  /** The row's event time in epoch ms, for `last_ts` and the live lag; null when it has none. */
  time: number | null;
  /** null: write the line as sent; otherwise write this object. */
  rewrite: Record<string, unknown> | null;
  /**
   * With `rewrite` null: members to add at the end of the line's object (JSON text starting with
   * a comma) and the columns they write, for a row whose fields go as sent but lack one that
   * ClickHouse's DEFAULT would get wrong. Cheaper than rebuilding the row.
   */
  append?: { members: string; columns: readonly string[] };
}

export interface RowSpec {
  /** The row contract: every field a row may carry (docs/INGEST.md), as data. */
  fields: RowContract;
  /** Fields that may be written, which are also the table's column names. */
  columns: readonly string[];
  /** Checks a parsed row (throws RowError naming the field); `line` is its text as sent. */
  check(row: Record<string, unknown>, line: string): Checked;
}

/**
 * How one stream's rows are checked and written: the table's columns in insert order, and a
 * check that turns a parsed NDJSON object into the values for those columns (or throws a
 * RowError naming the field).
 */
export interface RowSpec {
  columns: readonly string[];
  check(row: Record<string, unknown>): unknown[];
  /** The row's event time in epoch ms, for "last_ts" and the live lag; null when it has none. */
  timeOf(values: unknown[]): number | null;
}

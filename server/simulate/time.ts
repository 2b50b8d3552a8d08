/**
 * A DateTime64 literal ClickHouse reads whatever its date_time_input_format: 'YYYY-MM-DD
 * hh:mm:ss.sss' in UTC (the columns are UTC). Used for rows this module inserts itself.
 */
export function chDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

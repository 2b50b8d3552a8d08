import type { Grain } from '../../src/lib/contract/filters';

/**
 * SQL expressions used by more than one panel, each defined once. Inputs are column names from
 * our own table descriptors, never from a request.
 */

/** Start of the bucket a time falls in. Weeks start on Monday (ISO 8601). */
export function bucket(grain: Grain, col: string): string {
  switch (grain) {
    case 'minute':
      return `toStartOfMinute(${col})`;
    case 'hour':
      return `toStartOfHour(${col})`;
    case 'day':
      return `toDate(${col})`;
    case 'week':
      return `toMonday(${col})`;
    case 'month':
      return `toStartOfMonth(${col})`;
  }
}

/** A bucket as epoch milliseconds: the one time format every panel row uses. */
export function epochMs(expr: string): string {
  return `toInt64(toUnixTimestamp(toDateTime(${expr}, 'UTC'))) * 1000`;
}

/**
 * Division that answers NULL rather than NaN or inf for an empty bucket, so a chart shows a gap
 * instead of a spike to zero.
 */
export function ratio(num: string, den: string): string {
  return `if(${den} = 0, NULL, ${num} / ${den})`;
}

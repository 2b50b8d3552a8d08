// The backfill inserts history one calendar year at a time: a year is 12 monthly partitions,
// far below ClickHouse's per-insert partition limit (100), and keeps each INSERT's memory and
// duration small enough for a 2-core machine.

export interface Chunk {
  /** Index of the chunk, part of every row's hash so chunks never repeat each other's rows. */
  readonly index: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/** [fromMs, toMs) cut at each 1 January (UTC). Indexes are years, stable for any range. */
export function yearChunks(fromMs: number, toMs: number): Chunk[] {
  if (!(toMs > fromMs)) throw new RangeError('the backfill range is empty: `to` must be after `from`');
  const chunks: Chunk[] = [];
  for (let year = new Date(fromMs).getUTCFullYear(); ; year++) {
    const start = Math.max(fromMs, Date.UTC(year, 0, 1));
    const end = Math.min(toMs, Date.UTC(year + 1, 0, 1));
    if (start >= toMs) break;
    if (end > start) chunks.push({ index: year, fromMs: start, toMs: end });
  }
  return chunks;
}

// Pure: shared by the pages and the server's report. Whether what a panel shows includes rows the
// simulator wrote, from the per-stream origin counts of GET /api/streams and the rows themselves.
import type { StreamsResponse } from '../contract/api';
import type { PanelInfo } from '../contract/panels';
import type { PanelRow } from '../contract/socket';

/** A bucket starting before the simulated span can still hold simulated rows: the longest grain. */
const LONGEST_BUCKET_MS = 31 * 86_400_000;

/**
 * True when a stream the panel reads holds simulated rows (of the streams the simulator can reach
 * it through, `simulated_via`), and (for a panel with a time column
 * and rows) its rows' time range meets the span of those rows. Without a time column, or with no
 * rows yet, the stream alone decides: better a tag too many than a simulated number untagged.
 */
export function showsSimulated(
  info: Pick<PanelInfo, 'streams' | 'columns' | 'simulated_via'>,
  rows: readonly PanelRow[] | null,
  stats: StreamsResponse | null
): boolean {
  if (!stats) return false;
  const spans = (info.simulated_via ?? info.streams)
    .map((s) => stats[s])
    .filter((s) => s !== undefined && s.simulated_rows > 0 && s.simulated_from !== null && s.simulated_to !== null);
  if (spans.length === 0) return false;
  const time = info.columns.find((c) => c.role === 'time');
  if (!time || !rows || rows.length === 0) return true;
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    const t = Number(r[time.name]);
    if (!Number.isFinite(t)) continue;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (min === Infinity) return true;
  return spans.some((s) => min <= Date.parse(s.simulated_to ?? '') && max + LONGEST_BUCKET_MS >= Date.parse(s.simulated_from ?? ''));
}

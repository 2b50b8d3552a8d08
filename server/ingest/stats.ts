import type { StreamStats, StreamsResponse } from '../../src/lib/contract/api';
import { STREAMS, isStream, type Stream } from '../../src/lib/contract/streams';
import type { Engine } from '../engine/engine';

const iso = (ms: unknown): string => new Date(Number(ms)).toISOString();

/**
 * Rows, latest time and simulated rows per stream, for /api/streams, /api/health and the
 * report's header. The simulated counts come from
 * stream_origins (kept by materialized views, a few rows), not from scanning the raw tables;
 * training runs and series are never simulated.
 */
export async function streamStats(engine: Engine): Promise<StreamsResponse> {
  const [rows, origins] = await Promise.all([
    engine.rows<{ stream: string; rows: number; last: number }>(
      `SELECT 'crawl' AS stream, count() AS rows, toUnixTimestamp64Milli(max(ts)) AS last FROM crawl_documents
       UNION ALL SELECT 'market', count(), toUnixTimestamp64Milli(max(ts)) FROM market_postings
       UNION ALL SELECT 'samples', count(), toUnixTimestamp64Milli(max(ts)) FROM model_samples
       UNION ALL SELECT 'training', count(), toUnixTimestamp64Milli(toDateTime64(max(published), 3, 'UTC')) FROM training_runs FINAL
       UNION ALL SELECT 'series', count(), toUnixTimestamp64Milli(toDateTime64(max(date), 3, 'UTC')) FROM series FINAL`,
      { tag: 'api.streams' }
    ),
    engine.rows<{ stream: string; rows: number; first: number; last: number }>(
      `SELECT stream, sum(rows) AS rows, toUnixTimestamp64Milli(min(first_ts)) AS first, toUnixTimestamp64Milli(max(last_ts)) AS last
       FROM stream_origins WHERE origin = 'simulator' GROUP BY stream`,
      { tag: 'api.streams.origins' }
    )
  ]);
  const empty = (): StreamStats => ({ rows: 0, last_ts: null, simulated_rows: 0, simulated_from: null, simulated_to: null });
  const out = Object.fromEntries(STREAMS.map((s) => [s, empty()])) as StreamsResponse;
  for (const r of rows) {
    if (!isStream(r.stream)) continue;
    const n = Number(r.rows);
    out[r.stream].rows = n;
    out[r.stream].last_ts = n > 0 ? iso(r.last) : null;
  }
  for (const o of origins) {
    if (!isStream(o.stream) || Number(o.rows) === 0) continue;
    out[o.stream].simulated_rows = Number(o.rows);
    out[o.stream].simulated_from = iso(o.first);
    out[o.stream].simulated_to = iso(o.last);
  }
  return out;
}

/**
 * The streams holding simulated rows, for /api/health: one read of stream_origins (a handful of
 * rows), so the health probe stays as cheap as a ping.
 */
export async function simulatedStreams(engine: Engine): Promise<Stream[]> {
  const rows = await engine.rows<{ stream: string }>(
    "SELECT stream FROM stream_origins WHERE origin = 'simulator' GROUP BY stream HAVING sum(rows) > 0 ORDER BY stream",
    { tag: 'api.health.origins' }
  );
  return STREAMS.filter((s) => rows.some((r) => r.stream === s));
}

import type { StreamsResponse } from '../../src/lib/contract/api';
import { STREAMS, isStream } from '../../src/lib/contract/streams';
import type { Engine } from '../engine/engine';

/** Rows and the newest event time per stream, for /api/streams and the report's header. */
export async function streamStats(engine: Engine): Promise<StreamsResponse> {
  const rows = await engine.rows<{ stream: string; rows: number; last: number }>(
    `SELECT 'crawl' AS stream, count() AS rows, toUnixTimestamp64Milli(max(ts)) AS last FROM crawl_documents
     UNION ALL SELECT 'market', count(), toUnixTimestamp64Milli(max(ts)) FROM market_postings
     UNION ALL SELECT 'samples', count(), toUnixTimestamp64Milli(max(ts)) FROM model_samples
     UNION ALL SELECT 'training', count(), toUnixTimestamp64Milli(toDateTime64(max(published), 3, 'UTC')) FROM training_runs FINAL`,
    { tag: 'api.streams' }
  );
  const out = Object.fromEntries(STREAMS.map((s) => [s, { rows: 0, last_ts: null }])) as StreamsResponse;
  for (const r of rows) {
    if (isStream(r.stream)) {
      const n = Number(r.rows);
      out[r.stream] = { rows: n, last_ts: n > 0 ? new Date(Number(r.last)).toISOString() : null };
    }
  }
  return out;
}

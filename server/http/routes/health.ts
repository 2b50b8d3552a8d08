import type { HealthResponse, StreamStats, StreamsResponse } from '../../../src/lib/contract/api';
import { STREAMS, isStream, type Stream } from '../../../src/lib/contract/streams';
import type { Engine } from '../../engine/engine';
import { json, send } from '../respond';
import type { Router } from '../router';
import { requireRead, type ApiDeps } from './context';

/** Health, Prometheus metrics and per-stream row counts. */
export function registerHealthRoutes(router: Router, deps: ApiDeps): void {
  const { engine, metrics } = deps;
  router.add('GET', '/api/health', async (_req, res) => {
    const ok = await engine.ping();
    let simulated: Stream[] = [];
    if (ok) {
      const stats = await streamStats(engine).catch(() => null);
      if (stats) simulated = STREAMS.filter((s) => stats[s].simulated_rows > 0);
    }
    const body: HealthResponse = {
      status: ok ? 'ok' : 'degraded',
      engine: engine.kind,
      version: deps.version,
      uptime_s: Math.round((Date.now() - deps.startedAt) / 1000),
      simulated,
      filling_history: deps.filling.size > 0
    };
    json(res, ok ? 200 : 503, body);
  });

  router.add('GET', '/metrics', async (_req, res) => {
    send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
  });

  router.add('GET', '/api/streams', async (req, res, { url }) => {
    requireRead(deps, req, url);
    json(res, 200, await streamStats(engine));
  });
}

const iso = (ms: unknown): string => new Date(Number(ms)).toISOString();

/**
 * Rows, latest time and simulated rows per stream. The simulated counts come from
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

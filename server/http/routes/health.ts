import type { HealthResponse, StreamsResponse } from '../../../src/lib/contract/api';
import { STREAMS, isStream } from '../../../src/lib/contract/streams';
import type { Engine } from '../../engine/engine';
import { json, send } from '../respond';
import type { Router } from '../router';
import { requireRead, type ApiDeps } from './context';

/** How old the engine's status may be before /api/health probes it again. */
const HEALTH_PROBE_AFTER_MS = 2_000;

/** Health, Prometheus metrics and per-stream row counts. */
export function registerHealthRoutes(router: Router, deps: ApiDeps): void {
  const { engine, metrics } = deps;
  let probing: Promise<unknown> | null = null;
  // Answered from what the engine's recent answers said, never by waiting on it: a probe queued
  // behind a busy engine's inserts would make health as slow as the load it should report on.
  // A stale status starts one probe in the background for the next caller.
  router.add('GET', '/api/health', (_req, res) => {
    const s = engine.state.status();
    if (Date.now() - s.checkedAt > HEALTH_PROBE_AFTER_MS && !probing) {
      probing = engine.ping().finally(() => (probing = null));
    }
    const body: HealthResponse = {
      status: s.ok ? 'ok' : 'degraded',
      engine: engine.kind,
      version: deps.version,
      uptime_s: Math.round((Date.now() - deps.startedAt) / 1000),
      ...(s.reason ? { reason: s.reason } : {})
    };
    json(res, s.ok ? 200 : 503, body);
  });

  router.add('GET', '/metrics', async (_req, res) => {
    send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
  });

  router.add('GET', '/api/streams', async (req, res, { url }) => {
    requireRead(deps, req, url);
    json(res, 200, await streamStats(engine));
  });
}

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

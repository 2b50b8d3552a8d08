import type { HealthResponse, StreamsResponse } from '../../../src/lib/contract/api';
import { STREAMS, isStream } from '../../../src/lib/contract/streams';
import type { Engine } from '../../engine/engine';
import { json, send } from '../respond';
import type { Router } from '../router';
import { requireRead, type ApiDeps } from './context';

/** Health, Prometheus metrics and per-stream row counts. */
export function registerHealthRoutes(router: Router, deps: ApiDeps): void {
  const { engine, metrics } = deps;
  // 503 only when the engine does not answer: the server cannot serve data. Errors the process
  // survived read as degraded with a 200, since it still serves; see server/guard.ts.
  router.add('GET', '/api/health', async (_req, res) => {
    const ok = await engine.ping();
    const guard = deps.guard.status();
    const body: HealthResponse = {
      status: ok && !guard.degraded ? 'ok' : 'degraded',
      engine: engine.kind,
      version: deps.version,
      uptime_s: Math.round((Date.now() - deps.startedAt) / 1000),
      engine_ok: ok,
      uncaught_errors: guard.uncaught_errors,
      last_uncaught: guard.last_uncaught
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

import type { HealthResponse } from '../../../src/lib/contract/api';
import type { Stream } from '../../../src/lib/contract/streams';
import { simulatedStreams, streamStats } from '../../ingest/stats';
import { checkQuery } from '../query';
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
    const simulated: Stream[] = ok ? await simulatedStreams(engine).catch(() => []) : [];
    const guard = deps.guard.status();
    const body: HealthResponse = {
      status: ok && !guard.degraded ? 'ok' : 'degraded',
      engine: engine.kind,
      version: deps.version,
      uptime_s: Math.round((Date.now() - deps.startedAt) / 1000),
      engine_ok: ok,
      uncaught_errors: guard.uncaught_errors,
      last_uncaught: guard.last_uncaught,
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
    checkQuery(url, {});
    json(res, 200, await streamStats(engine));
  });
}

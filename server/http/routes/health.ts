import type { HealthResponse } from '../../../src/lib/contract/api';
import { STREAMS } from '../../../src/lib/contract/streams';
import { leftOutFor } from '../../engine/left-out';
import { streamStats } from '../../ingest/stats';
import { checkQuery } from '../query';
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
  // A stale status starts one probe in the background for the next caller. 503 only when the
  // engine fails; errors the process survived read as degraded with a 200 (server/guard.ts).
  router.add('GET', '/api/health', (_req, res) => {
    const s = engine.state.status();
    if (Date.now() - s.checkedAt > HEALTH_PROBE_AFTER_MS && !probing) {
      probing = engine.ping().finally(() => (probing = null));
    }
    const guard = deps.guard.status();
    const leftOut = leftOutFor(engine).list();
    // Without Redis a fleet member serves alone (every view queried here, no peer's writes
    // heard until their refresh): degraded, but it serves, so 200.
    const fleet = deps.fleet?.health();
    const reason = s.reason ?? s.fault?.reason ?? (fleet && !fleet.redis_ok ? 'redis unavailable' : undefined);
    const body: HealthResponse = {
      status: s.ok && !guard.degraded && leftOut.length === 0 && s.fault === null && fleet?.redis_ok !== false ? 'ok' : 'degraded',
      engine: engine.kind,
      version: deps.version,
      engine_version: deps.engineInfo.version,
      cluster: deps.engineInfo.cluster,
      uptime_s: Math.round((Date.now() - deps.startedAt) / 1000),
      engine_ok: s.ok,
      uncaught_errors: guard.uncaught_errors,
      last_uncaught: guard.last_uncaught,
      ...(reason ? { reason } : {}),
      ...(s.fault ? { fault: { reason: s.fault.reason, at: new Date(s.fault.at).toISOString(), message: s.fault.message } } : {}),
      ...(fleet ? { fleet } : {}),
      simulated: STREAMS.filter((st) => deps.simulated.has(st)),
      filling_history: deps.filling.size > 0,
      ...(leftOut.length > 0 ? { left_out: leftOut } : {})
    };
    json(res, s.ok ? 200 : 503, body);
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

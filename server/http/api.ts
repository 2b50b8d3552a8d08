import type { IncomingMessage, ServerResponse } from 'node:http';
import { EngineError, type EngineErrorKind } from '../engine/errors';
import { requestIdFrom, withRequestId } from '../lib/request-id';
import { HttpError } from './errors';
import { json } from './respond';
import { Router } from './router';
import { registerAnnotationRoutes } from './routes/annotations';
import { registerClaimRoutes } from './routes/claims';
import type { ApiDeps } from './routes/context';
import { registerDimensionRoutes } from './routes/dimensions';
import { registerForecastRoutes } from './routes/forecast';
import { registerHealthRoutes } from './routes/health';
import { registerIngestRoutes } from './routes/ingest';
import { registerWarcIngestRoute } from './routes/ingest-warc';
import { registerPanelRoutes } from './routes/panels';
import { registerReportRoutes } from './routes/report';

export type { ApiDeps } from './routes/context';

/** What a client is told when the engine or the machine under it failed, by failure. */
const ENGINE_FAILURES: Record<Exclude<EngineErrorKind, 'query'>, [number, string]> = {
  timeout: [503, 'the query took too long; narrow the time range or filters'],
  unavailable: [503, 'the database engine is unavailable; try again shortly'],
  overloaded: [503, 'the database server is at its limit of simultaneous queries or memory; try again shortly'],
  credentials: [503, 'the database server refused the configured credentials (CLICKHOUSE_USER, CLICKHOUSE_PASSWORD)'],
  not_permitted: [503, "the database server does not let this server's user do this (a readonly user or missing grants)"],
  disk_full: [507, "the server's disk is full: the request was not acknowledged; retry it (with its Idempotency-Key) once space is freed"],
  read_only: [503, "the server's data directory is read-only: the request was not acknowledged"],
  storage: [503, "storage fault: the engine could not read a table's files (gone, unreadable or corrupt); the operator must restore them"],
  missing_part: [503, 'missing data part: a part the table lists is not on disk; the operator must restore or detach it'],
  memory: [503, 'memory limit: the engine ran out of memory for this query; narrow the time range or filters, or retry shortly']
};

/**
 * The HTTP API. Returns a handler that answers /api/* and /metrics and passes anything else on
 * (to SvelteKit's pages), so the same function serves under Vite in dev and in production.
 * Expected failures are HttpErrors with a body for the client; an engine that is down or slow is
 * a 503; anything else is logged and answered with a generic 500.
 */
export function createApi(deps: ApiDeps) {
  const router = new Router();
  registerHealthRoutes(router, deps);
  // Before /api/ingest/:stream, which would take "warc" for a stream name.
  registerWarcIngestRoute(router, deps);
  registerAnnotationRoutes(router, deps);
  registerClaimRoutes(router, deps);
  registerIngestRoutes(router, deps);
  registerPanelRoutes(router, deps);
  registerDimensionRoutes(router, deps);
  registerForecastRoutes(router, deps);
  registerReportRoutes(router, deps);
  const { log } = deps;

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/metrics') return false;
    // One id per request: in the response, in the logs and in the log_comment of every query it runs.
    const id = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', id);
    await withRequestId(id, () => route(req, res, url, id));
    return true;
  };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, id: string): Promise<void> {
    const found = router.match(req.method ?? 'GET', url.pathname);
    try {
      if (found === null) throw new HttpError(404, { error: `no API route ${url.pathname}` });
      if (found === 'method') throw new HttpError(405, { error: `${req.method} is not allowed on ${url.pathname}` });
      await found.handler(req, res, { params: found.params, url });
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
      } else if (e instanceof HttpError) {
        json(res, e.status, e.body, e.headers);
      } else if (e instanceof EngineError && e.kind !== 'query') {
        log.warn('engine failed', { req: id, path: url.pathname, client: deps.clientOf(req), kind: e.kind, error: e.message });
        const [status, error] = ENGINE_FAILURES[e.kind];
        // The engine and the kind are named, so an operator knows which engine failed and how.
        json(
          res,
          status,
          { error: `the ${deps.engine.kind} engine failed: ${error}`, engine: deps.engine.kind, kind: e.kind },
          {
            'retry-after': e.kind === 'timeout' || e.kind === 'overloaded' ? '5' : '30'
          }
        );
      } else {
        log.error('request failed', {
          req: id,
          path: url.pathname,
          client: deps.clientOf(req),
          error: (e as Error).message,
          stack: (e as Error).stack
        });
        json(res, 500, { error: 'internal error' });
      }
    }
  }
}

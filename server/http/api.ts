import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthResponse, IngestResponse, StreamsResponse } from '../../src/lib/contract/api';
import { filtersFromQuery } from '../../src/lib/contract/filters';
import { isPanelId } from '../../src/lib/contract/panels';
import { STREAMS, isStream } from '../../src/lib/contract/streams';
import type { Config } from '../config';
import type { Engine } from '../engine/engine';
import { EngineError } from '../engine/errors';
import { BatchError } from '../ingest/batch';
import { IdempotencyConflict, validIdempotencyKey, type IngestPipeline } from '../ingest/pipeline';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/metrics';
import { CATALOGUE, panelInfos } from '../panels/catalogue';
import { exportPanel, EXPORT_FORMATS, type ExportFormat } from '../panels/export';
import { runPanel } from '../panels/run';
import { parseFilters, resolveView, ViewError } from '../panels/view';
import { bearer, isLoopback, tokenMatches } from './auth';
import { readBody } from './body';
import { badRequest, HttpError } from './errors';
import { json, send } from './respond';
import { Router } from './router';

/** Largest ingest body, after decompression: about 850,000 crawl rows. Larger loads are split. */
export const INGEST_MAX_BYTES = 128 * 1024 * 1024;

export interface ApiDeps {
  config: Pick<Config, 'ingestToken' | 'readToken'>;
  engine: Engine;
  ingest: IngestPipeline;
  metrics: Metrics;
  log: Logger;
  startedAt: number;
  version: string;
}

/**
 * The HTTP API. Returns a handler that answers /api/* and /metrics and passes anything else on
 * (to SvelteKit's pages), so the same function serves under Vite in dev and in production.
 */
export function createApi(deps: ApiDeps) {
  const { engine, ingest, metrics, log } = deps;
  const router = new Router();

  const requireRead = (req: IncomingMessage, url: URL) => {
    if (!deps.config.readToken) return;
    const given = bearer(req) ?? url.searchParams.get('access_token') ?? undefined;
    if (given === undefined || !tokenMatches(given, deps.config.readToken)) {
      throw new HttpError(
        401,
        { error: 'this server needs a read token: Authorization: Bearer <READ_TOKEN> or ?access_token=' },
        { 'www-authenticate': 'Bearer' }
      );
    }
  };

  router.add('GET', '/api/health', async (_req, res) => {
    const ok = await engine.ping();
    const body: HealthResponse = {
      status: ok ? 'ok' : 'degraded',
      engine: engine.kind,
      version: deps.version,
      uptime_s: Math.round((Date.now() - deps.startedAt) / 1000)
    };
    json(res, ok ? 200 : 503, body);
  });

  router.add('GET', '/metrics', async (_req, res) => {
    send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
  });

  router.add('GET', '/api/streams', async (req, res, { url }) => {
    requireRead(req, url);
    json(res, 200, await streamStats(engine));
  });

  router.add('POST', '/api/ingest/:stream', async (req, res, { params }) => {
    const stream = params.stream ?? '';
    if (!isStream(stream))
      throw new HttpError(404, { error: `unknown stream ${JSON.stringify(stream)}; streams are ${STREAMS.join(', ')}` });
    if (deps.config.ingestToken) {
      const given = bearer(req);
      if (given === undefined || !tokenMatches(given, deps.config.ingestToken)) {
        metrics.ingestRequests.inc({ stream, status: '401' });
        throw new HttpError(401, { error: 'ingest needs Authorization: Bearer <INGEST_TOKEN>' }, { 'www-authenticate': 'Bearer' });
      }
    } else if (!isLoopback(req)) {
      metrics.ingestRequests.inc({ stream, status: '403' });
      throw new HttpError(403, { error: 'ingest without INGEST_TOKEN is open to loopback clients only; set INGEST_TOKEN on the server' });
    }
    const keyHeader = req.headers['idempotency-key'];
    const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
    if (key !== undefined && !validIdempotencyKey(key)) {
      throw badRequest('Idempotency-Key must be 1-200 printable ASCII characters', { field: 'Idempotency-Key' });
    }
    const body = await readBody(req, INGEST_MAX_BYTES);
    try {
      const r = await ingest.write(stream, body, { ...(key !== undefined ? { idempotencyKey: key } : {}), source: 'http' });
      if (!r.replayed) metrics.ingestedRows.inc({ stream }, r.accepted);
      metrics.ingestRequests.inc({ stream, status: '200' });
      const out: IngestResponse = { accepted: r.accepted, stream, ...(r.replayed ? { replayed: true } : {}) };
      json(res, 200, out);
    } catch (e) {
      if (e instanceof BatchError) {
        metrics.ingestRequests.inc({ stream, status: '400' });
        throw badRequest(e.message, {
          ...(e.line !== undefined ? { line: e.line } : {}),
          ...(e.field !== undefined ? { field: e.field } : {})
        });
      }
      if (e instanceof IdempotencyConflict) {
        metrics.ingestRequests.inc({ stream, status: '422' });
        throw new HttpError(422, { error: e.message, field: 'Idempotency-Key' });
      }
      throw e;
    }
  });

  router.add('GET', '/api/panels', (req, res, { url }) => {
    requireRead(req, url);
    json(res, 200, { panels: panelInfos() });
  });

  router.add('GET', '/api/panels/:id', async (req, res, { params, url }) => {
    requireRead(req, url);
    const id = params.id ?? '';
    const def = isPanelId(id) ? CATALOGUE.get(id) : undefined;
    if (!def) throw new HttpError(404, { error: `unknown panel ${JSON.stringify(id)}; GET /api/panels lists them`, param: 'id' });
    const format = url.searchParams.get('format') ?? 'json';
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw badRequest(`format must be one of ${EXPORT_FORMATS.join(', ')}`, { param: 'format' });
    }
    const q = new URLSearchParams(url.searchParams);
    for (const k of ['format', 'access_token']) q.delete(k);
    const unknown = [...new Set(q.keys())].filter(
      (k) => !['from', 'to', 'grain', 'limit'].includes(k) && !def.info.dimensions.includes(k as never) && !isDimension(k)
    );
    if (unknown.length > 0) throw badRequest(`unknown query parameter ${unknown.join(', ')}`, { param: unknown[0] ?? '' });
    try {
      const filters = parseFilters(filtersFromQuery(q));
      const view = resolveView(def, filters, Date.now());
      if (format === 'json') {
        const rows = await runPanel(engine, metrics, def, view, `rest ${id}`);
        json(res, 200, {
          panel: id,
          filters,
          from: new Date(view.fromMs).toISOString(),
          to: new Date(view.toMs).toISOString(),
          grain: view.grain,
          as_of: new Date(view.now).toISOString(),
          rows
        });
        return;
      }
      metrics.panelQueries.inc({ panel: id });
      const file = await exportPanel(engine, def, view, format as Exclude<ExportFormat, 'json'>, `rest ${id} ${format}`);
      send(res, 200, file.body, file.contentType, { 'content-disposition': `attachment; filename="${file.filename}"` });
    } catch (e) {
      if (e instanceof ViewError) throw badRequest(e.message, { param: e.param });
      throw e;
    }
  });

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/metrics') return false;
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
        log.warn('engine unavailable', { path: url.pathname, error: e.message });
        json(
          res,
          503,
          {
            error:
              e.kind === 'timeout'
                ? 'the query took too long; narrow the time range or filters'
                : 'the database is unavailable; try again shortly'
          },
          { 'retry-after': '5' }
        );
      } else {
        log.error('request failed', { path: url.pathname, error: (e as Error).message, stack: (e as Error).stack });
        json(res, 500, { error: 'internal error' });
      }
    }
    return true;
  };
}

function isDimension(k: string): boolean {
  return [
    'domain',
    'tld',
    'lang',
    'content_type',
    'crawl_source',
    'detector',
    'platform',
    'category',
    'region',
    'model_family',
    'model'
  ].includes(k);
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

import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Annotation, AnnotationWriteResponse } from '../../../src/lib/contract/annotations';
import { isPanelId } from '../../../src/lib/contract/panels';
import { annotationsCsv } from '../../annotations/csv';
import { parseAnnotationLines } from '../../annotations/ndjson';
import { AnnotationNotFound } from '../../annotations/store';
import { ANNOTATION_ID, checkAnnotation, RowError, type AnnotationInput } from '../../annotations/validate';
import { IdempotencyConflict } from '../../ingest/requests';
import { bearer, isLoopback, tokenMatches } from '../../lib/auth';
import { resolveTime, TimeBoundError } from '../../panels/time';
import { readBody } from '../body';
import { badRequest, HttpError } from '../errors';
import { checkQuery } from '../query';
import { json, send } from '../respond';
import type { Router } from '../router';
import { requireRead, type ApiDeps } from './context';
import { idempotencyKeyOf, ingestSideStream } from './ingest';

const ONE_MAX_BYTES = 64 * 1024;
const STREAM_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Annotation writes need ANNOTATE_TOKEN, or INGEST_TOKEN when that is unset, or a loopback peer
 * when both are: whoever may feed the observatory may also say what happened.
 */
export function authorizeAnnotate(req: IncomingMessage, deps: ApiDeps): void {
  const token = deps.config.annotateToken ?? deps.config.ingestToken;
  if (token) {
    const given = bearer(req);
    if (given === undefined || !tokenMatches(given, token)) {
      throw new HttpError(
        401,
        { error: 'annotation writes need Authorization: Bearer <ANNOTATE_TOKEN>' },
        { 'www-authenticate': 'Bearer' }
      );
    }
  } else if (!isLoopback(deps.clientOf(req))) {
    throw new HttpError(403, { error: 'annotation writes without ANNOTATE_TOKEN or INGEST_TOKEN are open to loopback clients only' });
  }
}

/** A time bound of the query: epoch ms (as Grafana sends), an ISO date or time, or now-7d. */
function bound(name: string, v: string | undefined, now: number): number | undefined {
  if (v === undefined) return undefined;
  try {
    return /^-?\d+$/.test(v) ? resolveTime(new Date(Number(v)).toISOString(), now) : resolveTime(v, now);
  } catch (e) {
    if (e instanceof TimeBoundError || e instanceof RangeError) throw badRequest(`${name}: ${e.message}`, { param: name });
    throw e;
  }
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, ONE_MAX_BYTES);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw badRequest(`the body is not valid JSON (${(e as Error).message})`);
  }
}

function checked(v: unknown): AnnotationInput {
  try {
    return checkAnnotation(v);
  } catch (e) {
    if (e instanceof RowError) throw badRequest(e.message, e.field ? { field: e.field } : {});
    throw e;
  }
}

function idParam(params: Record<string, string>): string {
  const id = params.id ?? '';
  if (!ANNOTATION_ID.test(id)) throw new HttpError(404, { error: `no annotation ${JSON.stringify(id)}`, param: 'id' });
  return id;
}

/** The writable fields of an annotation, as a PATCH body is merged onto. */
function asInput(a: Annotation): Record<string, unknown> {
  return {
    id: a.id,
    kind: a.kind,
    time: a.time,
    timeEnd: a.timeEnd,
    title: a.title,
    text: a.text,
    tags: a.tags,
    panels: a.panels,
    source: a.source,
    author: a.author
  };
}

const notFound = (e: unknown): never => {
  if (e instanceof AnnotationNotFound) throw new HttpError(404, { error: e.message, param: 'id' });
  throw e;
};

/** GET/POST /api/annotations, PATCH/DELETE /api/annotations/{id}, its history, and the NDJSON stream. */
export function registerAnnotationRoutes(router: Router, deps: ApiDeps): void {
  const store = deps.annotations;

  router.add('GET', '/api/annotations', async (req, res, { url }) => {
    requireRead(deps, req, url);
    const { params, lists } = checkQuery(url, { params: ['from', 'to', 'panel', 'format'], lists: ['tags'] });
    const format = params.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw badRequest('format must be json or csv', { param: 'format' });
    const now = Date.now();
    const fromMs = bound('from', params.from, now);
    const toMs = bound('to', params.to, now);
    if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) throw badRequest('from must not be after to', { param: 'from' });
    const panel = params.panel;
    if (panel !== undefined && !isPanelId(panel))
      throw badRequest(`unknown panel ${JSON.stringify(panel)}; GET /api/panels lists them`, { param: 'panel' });
    const annotations = await store.list({
      ...(fromMs !== undefined ? { fromMs } : {}),
      ...(toMs !== undefined ? { toMs } : {}),
      ...(lists.tags?.length ? { tags: lists.tags } : {}),
      ...(panel !== undefined ? { panel } : {})
    });
    if (format === 'csv') {
      send(res, 200, annotationsCsv(annotations), 'text/csv; charset=utf-8', {
        'content-disposition': 'attachment; filename="annotations.csv"'
      });
      return;
    }
    json(res, 200, { annotations });
  });

  router.add('POST', '/api/annotations', async (req, res) => {
    authorizeAnnotate(req, deps);
    const key = idempotencyKeyOf(req);
    const raw = await readBody(req, ONE_MAX_BYTES);
    let v: unknown;
    try {
      v = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw badRequest(`the body is not valid JSON (${(e as Error).message})`);
    }
    const input = checked(v);
    if (input.id !== undefined && (await store.history(input.id)).some((x) => !x.deleted)) {
      throw new HttpError(409, {
        error: `annotation ${JSON.stringify(input.id)} exists; PATCH /api/annotations/${input.id} changes it`,
        field: 'id'
      });
    }
    const bodySha256 = createHash('sha256').update(raw).digest('hex');
    try {
      const [a] = await store.create(
        [input],
        'user',
        key !== undefined ? { idempotency: { key, bodySha256, stream: 'annotations.one' } } : {}
      );
      if (!a) throw new Error('the write returned no annotation');
      json(res, 201, { id: a.id, version: a.version } satisfies AnnotationWriteResponse);
    } catch (e) {
      if (e instanceof IdempotencyConflict) throw new HttpError(422, { error: e.message, field: 'Idempotency-Key' });
      throw e;
    }
  });

  router.add('PATCH', '/api/annotations/:id', async (req, res, { params }) => {
    authorizeAnnotate(req, deps);
    const id = idParam(params);
    const patch = await jsonBody(req);
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
      throw badRequest('the body must be a JSON object of the fields to change');
    const p = patch as Record<string, unknown>;
    if (p.id !== undefined && p.id !== id) throw badRequest('id cannot change; it is the one in the path', { field: 'id' });
    const a = await store.update(id, (latest) => checked({ ...asInput(latest), ...p })).catch(notFound);
    json(res, 200, { id: a.id, version: a.version } satisfies AnnotationWriteResponse);
  });

  router.add('DELETE', '/api/annotations/:id', async (req, res, { params }) => {
    authorizeAnnotate(req, deps);
    const id = idParam(params);
    const a = await store.remove(id).catch(notFound);
    json(res, 200, { id: a.id, version: a.version } satisfies AnnotationWriteResponse);
  });

  router.add('GET', '/api/annotations/:id/history', async (req, res, { params, url }) => {
    requireRead(deps, req, url);
    checkQuery(url, {});
    const id = idParam(params);
    const versions = await store.history(id);
    if (versions.length === 0) throw new HttpError(404, { error: `no annotation ${JSON.stringify(id)}`, param: 'id' });
    json(res, 200, { id, versions });
  });

  router.add('POST', '/api/ingest/annotations', async (req, res) => {
    authorizeAnnotate(req, deps);
    await ingestSideStream(req, res, {
      stream: 'annotations',
      maxBytes: STREAM_MAX_BYTES,
      async write(body, key) {
        const inputs = parseAnnotationLines(body);
        const bodySha256 = createHash('sha256').update(body).digest('hex');
        const written = await store.create(
          inputs,
          'ingest',
          key !== undefined ? { idempotency: { key, bodySha256, stream: 'annotations' } } : {}
        );
        return { accepted: written.length };
      }
    });
  });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IngestResponse } from '../../../src/lib/contract/api';
import { STREAMS, isStream } from '../../../src/lib/contract/streams';
import { EngineError } from '../../engine/errors';
import { BatchError } from '../../ingest/batch';
import { IdempotencyConflict, PartialWrite, validIdempotencyKey } from '../../ingest/pipeline';
import { bearer, isLoopback, tokenMatches } from '../../lib/auth';
import type { Ticket } from '../admission';
import { readBody } from '../body';
import { badRequest, HttpError } from '../errors';
import { json } from '../respond';
import type { Router } from '../router';
import type { ApiDeps } from './context';

/** Largest ingest body, after decompression: about 850,000 crawl rows. Larger loads are split. */
export const INGEST_MAX_BYTES = 128 * 1024 * 1024;

/**
 * Ingest needs the bearer token when INGEST_TOKEN is set, else a loopback peer. Every ingest
 * endpoint (NDJSON streams, crawl files) goes through here.
 */
export function authorizeIngest(req: IncomingMessage, deps: ApiDeps, label: string): void {
  const { metrics } = deps;
  if (deps.config.ingestToken) {
    const given = bearer(req);
    if (given === undefined || !tokenMatches(given, deps.config.ingestToken)) {
      metrics.ingestRequests.inc({ stream: label, status: '401' });
      throw new HttpError(401, { error: 'ingest needs Authorization: Bearer <INGEST_TOKEN>' }, { 'www-authenticate': 'Bearer' });
    }
  } else if (!isLoopback(deps.clientOf(req))) {
    metrics.ingestRequests.inc({ stream: label, status: '403' });
    throw new HttpError(403, { error: 'ingest without INGEST_TOKEN is open to loopback clients only; set INGEST_TOKEN on the server' });
  }
}

/** The request's Idempotency-Key, checked, or undefined. */
export function idempotencyKeyOf(req: IncomingMessage): string | undefined {
  const keyHeader = req.headers['idempotency-key'];
  const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
  if (key !== undefined && !validIdempotencyKey(key)) {
    throw badRequest('Idempotency-Key must be 1-200 printable ASCII characters', { field: 'Idempotency-Key' });
  }
  return key;
}

/**
 * A place among the ingest bodies in flight, or a 429 with Retry-After when they are at capacity.
 * The refused body is discarded as it arrives, never held: the client still gets its answer on
 * this connection. Release the ticket when the request is done.
 */
export function admitIngest(req: IncomingMessage, deps: ApiDeps, stream: string): Ticket {
  const declared = Number(req.headers['content-length']);
  const address = deps.clientOf(req);
  const ticket = deps.admission.tryEnter(Number.isFinite(declared) && declared <= INGEST_MAX_BYTES ? declared : 0, address);
  if (typeof ticket !== 'string') return ticket;
  deps.metrics.ingestRequests.inc({ stream, status: '429' });
  const { bodies, bytes } = deps.admission.inFlight();
  req.resume();
  const { perAddress } = deps.admission.limits;
  throw new HttpError(
    429,
    {
      error:
        ticket === 'address'
          ? `ingest is at capacity for this address (${perAddress} bodies of yours in flight); retry after a second`
          : `ingest is at capacity (${bodies} bodies, ${Math.round(bytes / 1048576)} MiB in flight); retry after a second`
    },
    { 'retry-after': '1' }
  );
}

/** Reads an admitted ingest body under the admission's byte budget and its stall cut. */
export function readIngestBody(req: IncomingMessage, deps: ApiDeps, ticket: Ticket): Promise<Buffer> {
  const { idleMs, minBytesPerWindow } = deps.admission.limits;
  return readBody(req, INGEST_MAX_BYTES, { admit: ticket.charge, idleMs, minBytesPerWindow, timers: deps.admission.timers });
}

/**
 * The answer every NDJSON ingest gives a body it refused: a bad line is a 400 naming the line
 * and field, a key already used for another body a 422. Undefined for any other error.
 */
function refusedBatch(e: unknown): HttpError | undefined {
  if (e instanceof BatchError) {
    return badRequest(e.message, {
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.field !== undefined ? { field: e.field } : {})
    });
  }
  if (e instanceof IdempotencyConflict) return new HttpError(422, { error: e.message, field: 'Idempotency-Key' });
  return undefined;
}

/** What a side stream's write took: how many rows, or that an earlier request with its key did. */
interface SideStreamWrite {
  accepted: number;
  replayed?: boolean;
}

/**
 * POST /api/ingest/annotations and /api/ingest/claims: NDJSON outside the rows' pipeline, with the
 * same Idempotency-Key rule and refusals as every stream. `write` checks the whole body before it
 * writes anything. Who may write is the caller's to settle first.
 */
export async function ingestSideStream(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { stream: string; maxBytes: number; write: (body: Buffer, key: string | undefined) => Promise<SideStreamWrite> }
): Promise<void> {
  const key = idempotencyKeyOf(req);
  const body = await readBody(req, opts.maxBytes);
  try {
    const r = await opts.write(body, key);
    json(res, 200, { accepted: r.accepted, stream: opts.stream, ...(r.replayed ? { replayed: true } : {}) });
  } catch (e) {
    throw refusedBatch(e) ?? e;
  }
}

/** POST /api/ingest/{stream}: NDJSON, bearer token, Idempotency-Key, all or nothing. */
export function registerIngestRoutes(router: Router, deps: ApiDeps): void {
  const { ingest, metrics } = deps;
  router.add('POST', '/api/ingest/:stream', async (req, res, { params }) => {
    const label = streamLabel(params);
    // Who may write is settled before anything about the request is: an unknown stream or a
    // malformed path is only news to a caller allowed to ingest.
    authorizeIngest(req, deps, label);
    const stream = params.stream ?? '';
    if (!isStream(stream))
      throw new HttpError(404, { error: `unknown stream ${JSON.stringify(stream)}; streams are ${STREAMS.join(', ')}` });
    const key = idempotencyKeyOf(req);
    const ticket = admitIngest(req, deps, stream);
    try {
      const body = await readIngestBody(req, deps, ticket);
      const r = await ingest.write(stream, body, { ...(key !== undefined ? { idempotencyKey: key } : {}), source: 'http' });
      metrics.ingestRequests.inc({ stream, status: '200' });
      const out: IngestResponse = { accepted: r.accepted, stream, ...(r.replayed ? { replayed: true } : {}) };
      json(res, 200, out);
    } catch (e) {
      const refused = refusedBatch(e);
      if (refused) {
        metrics.ingestRequests.inc({ stream, status: String(refused.status) });
        throw refused;
      }
      if (e instanceof PartialWrite) {
        // Not the body's fault and not to be retried blindly: the answer says what was kept.
        metrics.ingestRequests.inc({ stream, status: '500' });
        throw new HttpError(500, { error: e.message, kept: { table: e.table, rows: e.rows }, failed_view: e.view });
      }
      if (e instanceof EngineError && e.kind === 'query') {
        // The rows passed our checks but ClickHouse could not read them: still the body's fault.
        metrics.ingestRequests.inc({ stream, status: '400' });
        throw badRequest(`ClickHouse could not read the batch: ${e.message.split('\n')[0] ?? ''}`);
      }
      throw e;
    } finally {
      ticket.release();
    }
  });
}

/** The stream for metric labels: one of the streams or "other", never a caller's free text. */
function streamLabel(params: Record<string, string>): string {
  try {
    const s = params.stream ?? '';
    return isStream(s) ? s : 'other';
  } catch {
    return 'other';
  }
}

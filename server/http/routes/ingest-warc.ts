import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { WarcIngestResponse } from '../../../src/lib/contract/api';
import { EngineError } from '../../engine/errors';
import { BatchError } from '../../ingest/batch';
import { IdempotencyConflict, priorRequest, recordRequest } from '../../ingest/requests';
import { DetectorError } from '../../warc/detector';
import { ingestWarc, WarcRecordError } from '../../warc/ingest';
import { markerGroup } from '../../warc/markers';
import { CrawlDocumentWriter } from '../../warc/writer';
import { badRequest, HttpError } from '../errors';
import { json } from '../respond';
import type { Router } from '../router';
import type { ApiDeps } from './context';
import { admitIngest, authorizeIngest, idempotencyKeyOf, INGEST_MAX_BYTES, readIngestBody } from './ingest';

const STREAM = 'warc';

/** warcio reads a body in pieces faster than whole (it copies what it has not consumed yet). */
function* chunks(body: Buffer, size = 64 * 1024): Generator<Buffer> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

/**
 * POST /api/ingest/warc: a WARC or WET body (gzipped per record, whole, or plain), for crawlers
 * that stream their output. The crawl endpoint's rules: bearer token, all or nothing (a broken
 * record refuses the body and names it), an Idempotency-Key answered from its record. Each
 * WARC-Record-ID is written once however often it is sent.
 */
export function registerWarcIngestRoute(router: Router, deps: ApiDeps): void {
  const { metrics } = deps;
  // The documents mark the crawl stream dirty when written; the records (the marker outcomes)
  // land after them and refresh what reads them, the marker panel.
  const writer = new CrawlDocumentWriter(deps.engine, deps.ingest, deps.config.detectorUrl, () => deps.hub.markDirty('crawl_files'));
  const count = (status: string) => metrics.ingestRequests.inc({ stream: STREAM, status });
  router.add('POST', '/api/ingest/warc', async (req, res) => {
    authorizeIngest(req, deps, STREAM);
    const key = idempotencyKeyOf(req);
    const ticket = admitIngest(req, deps, STREAM);
    try {
      const body = await readIngestBody(req, deps, ticket);
      const sha = key !== undefined ? createHash('sha256').update(body).digest('hex') : '';
      if (key !== undefined) {
        const rows = await priorRequest(deps.engine, STREAM, key, sha);
        if (rows !== null) {
          count('200');
          const out: WarcIngestResponse = { accepted: rows, stream: STREAM, replayed: true };
          json(res, 200, out);
          return;
        }
      }
      const s = await ingestWarc(Readable.from(chunks(body)), (docs) => writer.write(docs, 'http'), markerGroup(), {
        broken: 'refuse',
        maxBytes: INGEST_MAX_BYTES,
        keepText: deps.config.detectorUrl !== undefined
      });
      if (s.records === 0) throw badRequest('the body holds no WARC records');
      if (key !== undefined) await recordRequest(deps.engine, STREAM, key, sha, s.accepted);
      count('200');
      const out: WarcIngestResponse = {
        accepted: s.accepted,
        stream: STREAM,
        records: s.records,
        documents: s.documents,
        duplicates: s.duplicates,
        skipped: s.skipped as Record<string, number>
      };
      json(res, 200, out);
    } catch (e) {
      if (e instanceof WarcRecordError) {
        count(e.reason === 'too_large' ? '413' : '400');
        throw new HttpError(e.reason === 'too_large' ? 413 : 400, { error: e.message, record: e.record, reason: e.reason });
      }
      if (e instanceof HttpError) {
        count(String(e.status));
        throw e;
      }
      if (e instanceof IdempotencyConflict) {
        count('422');
        throw new HttpError(422, { error: e.message, field: 'Idempotency-Key' });
      }
      if (e instanceof DetectorError) {
        // The detector, not the body or the database, failed: nothing was written; retry later.
        count('502');
        throw new HttpError(502, { error: e.message });
      }
      if (e instanceof BatchError || (e instanceof EngineError && e.kind === 'query')) {
        count('400');
        throw badRequest(`the crawl rows could not be written: ${e.message.split('\n')[0] ?? ''}`);
      }
      throw e;
    } finally {
      ticket.release();
    }
  });
}

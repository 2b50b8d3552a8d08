// Where an import's batches go. The embedded engine admits one process per data directory, so:
// with a server running, through its HTTP API (the same endpoint producers use); without one,
// straight into the database through the same IngestPipeline the server runs. Both apply the
// same row checks, the same all-or-nothing insert and the same Idempotency-Key record.
import { loadConfig, type Config } from '../config';
import { openEngine, type Engine } from '../engine/engine';
import { migrate } from '../engine/migrations';
import { BatchError } from '../ingest/batch';
import { IdempotencyConflict, IngestPipeline } from '../ingest/pipeline';
import { projectRoot } from '../paths';
import type { Stream } from '../../src/lib/contract/streams';
import { join } from 'node:path';
import type { WarcIngestResponse } from '../../src/lib/contract/api';
import type { CrawlDocument } from '../warc/document';
import { toWet } from '../warc/serialize';
import { CrawlDocumentWriter, type WriteResult } from '../warc/writer';
import { createHash } from 'node:crypto';
import { ImportRowError, type Batch } from './plan';

export interface SendResult {
  accepted: number;
  replayed: boolean;
}

export interface ImportTarget {
  readonly kind: 'http' | 'direct';
  /** For the report: the server URL or the database. */
  readonly where: string;
  /** An embedded engine in this process that can also parse files, when the target is one. */
  readonly localEngine?: Engine;
  send(stream: Stream, batch: Batch): Promise<SendResult>;
  /** Crawl-file documents, written once per WARC-Record-ID. */
  sendDocuments(docs: CrawlDocument[]): Promise<WriteResult>;
  /** Whether sendDocuments needs the documents' text (to send it on, or for a detector). */
  readonly needsText: boolean;
  close(): Promise<void>;
}

/** The target cannot take the import (refused, locked, unreachable); the message says what to do. */
export class ImportTargetError extends Error {
  override name = 'ImportTargetError';
}

const CONFLICT =
  'this file was imported before and the rows it gives now differ (same file, other conversion rules?); ' +
  'the earlier import stands. Change the file or bump IMPORT_RULES_VERSION in server/import/plan.ts';

/** A running server at `url`, if its /api/health answers within the timeout. */
export async function serverAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json()) as { status?: unknown };
    return body.status === 'ok' || body.status === 'degraded';
  } catch {
    return false;
  }
}

export function httpTarget(url: string, token: string | undefined): ImportTarget {
  return {
    kind: 'http',
    where: url,
    needsText: true,
    async sendDocuments(docs) {
      const ids = createHash('sha256');
      for (const d of docs) ids.update(`${d.recordId}\n`);
      const headers: Record<string, string> = { 'content-type': 'application/warc', 'idempotency-key': `warc-import-${ids.digest('hex')}` };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(`${url}/api/ingest/warc`, { method: 'POST', body: new Uint8Array(toWet(docs)), headers }).catch(
        (e: unknown) => {
          throw new ImportTargetError(`cannot reach ${url}: ${(e as Error).message}`);
        }
      );
      const body = (await res.json().catch(() => ({}))) as Partial<WarcIngestResponse> & { error?: string };
      if (res.status === 200) {
        // A replay means an earlier run sent exactly these records: all of them are there already.
        if (body.replayed) return { accepted: 0, duplicates: docs.length };
        return { accepted: Number(body.accepted ?? 0), duplicates: Number(body.duplicates ?? 0) };
      }
      if (res.status === 401 || res.status === 403) {
        throw new ImportTargetError(
          `${url} refused the import: ${body.error ?? res.status}. Pass --token <INGEST_TOKEN> or set INGEST_TOKEN.`
        );
      }
      throw new ImportTargetError(`${url} answered ${res.status}: ${body.error ?? 'no reason given'}`);
    },
    async send(stream, batch) {
      const headers: Record<string, string> = { 'content-type': 'application/x-ndjson', 'idempotency-key': batch.key };
      if (token) headers.authorization = `Bearer ${token}`;
      // A 503 or a dropped connection is retried with the same key: the server either has the
      // batch (and answers from its record) or takes it now, never twice.
      for (let attempt = 1; ; attempt++) {
        let res: Response;
        try {
          res = await fetch(`${url}/api/ingest/${stream}`, { method: 'POST', body: batch.body, headers });
        } catch (e) {
          if (attempt < 4) {
            await sleep(500 * 2 ** attempt);
            continue;
          }
          throw new ImportTargetError(`cannot reach ${url}: ${(e as Error).message}`);
        }
        const body = (await res.json().catch(() => ({}))) as {
          accepted?: number;
          replayed?: boolean;
          error?: string;
          line?: number;
          field?: string;
        };
        if (res.status === 200) return { accepted: Number(body.accepted ?? 0), replayed: body.replayed === true };
        if (res.status === 503 && attempt < 4) {
          await sleep(500 * 2 ** attempt);
          continue;
        }
        const error = body.error ?? `HTTP ${res.status}`;
        if (res.status === 400 && body.line !== undefined) {
          // The checks ran here already; a server of another version may judge differently.
          const where = batch.wheres[body.line - 1] ?? `batch row ${body.line}`;
          throw new ImportRowError(`${where}: ${error.replace(/^line \d+: /, '')} (refused by the server)`, where, body.field);
        }
        if (res.status === 401 || res.status === 403) {
          throw new ImportTargetError(`${url} refused the import: ${error}. Pass --token <INGEST_TOKEN> or set INGEST_TOKEN.`);
        }
        if (res.status === 422) throw new ImportTargetError(`${url}: ${CONFLICT}`);
        throw new ImportTargetError(`${url} answered ${res.status}: ${error}`);
      }
    },
    async close() {}
  };
}

/** Opens the database the server would use (CHDB_PATH or CLICKHOUSE_URL) and ingests into it. */
export async function directTarget(env: Record<string, string | undefined>): Promise<ImportTarget> {
  const config: Config = loadConfig(env);
  let engine: Engine;
  try {
    engine = await openEngine(config);
  } catch (e) {
    const msg = (e as Error).message;
    if (!config.clickhouseUrl && /Failed to create connection|Cannot lock file|already running/i.test(msg)) {
      throw new ImportTargetError(
        `the database at ${config.chdbPath} is in use by another process, most likely a running server. ` +
          `Import through that server with --server http://HOST:PORT (tried http://localhost:${config.port} without an answer), ` +
          `or stop it and run the import again.`
      );
    }
    throw new ImportTargetError(`cannot open the database (${config.clickhouseUrl ?? config.chdbPath}): ${msg}`);
  }
  try {
    await migrate(engine, join(projectRoot(), 'clickhouse', 'migrations'), config.clickhouseCluster);
  } catch (e) {
    await engine.close();
    throw e;
  }
  // No live hub here: a server started later reads the rows like any others.
  const pipeline = new IngestPipeline(engine, () => {});
  const crawlWriter = new CrawlDocumentWriter(engine, pipeline, config.detectorUrl);
  return {
    kind: 'direct',
    where: config.clickhouseUrl ?? config.chdbPath,
    ...(engine.kind === 'chdb' ? { localEngine: engine } : {}),
    needsText: config.detectorUrl !== undefined,
    sendDocuments: (docs) => crawlWriter.write(docs, 'import'),
    async send(stream, batch) {
      try {
        const r = await pipeline.write(stream, batch.body, { idempotencyKey: batch.key, source: 'import' });
        return { accepted: r.accepted, replayed: r.replayed };
      } catch (e) {
        if (e instanceof BatchError && e.line !== undefined) {
          const where = batch.wheres[e.line - 1] ?? `batch row ${e.line}`;
          throw new ImportRowError(`${where}: ${e.message.replace(/^line \d+: /, '')}`, where, e.field);
        }
        if (e instanceof IdempotencyConflict) throw new ImportTargetError(`${config.chdbPath}: ${CONFLICT}`);
        throw e;
      }
    },
    async close() {
      await pipeline.drain();
      await engine.close();
    }
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

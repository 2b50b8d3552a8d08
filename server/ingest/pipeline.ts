import { createHash } from 'node:crypto';
import { STREAM_TABLES, type Origin, type Stream } from '../../src/lib/contract/streams';
import type { Engine, EngineKind } from '../engine/engine';
import { trace } from '../lib/trace';
import type { Batch } from './batch';
import { buildBatchParallel } from './parallel';
import { partialWriteOf } from './partial-write';
import { priorRequest, recordRequest } from './requests';
import { writeStaged, type RowsOf } from './staged';

export { IdempotencyConflict } from './requests';
export { PartialWrite } from './partial-write';

interface IngestResult {
  accepted: number;
  replayed: boolean;
}

interface IngestOptions {
  idempotencyKey?: string;
  /** For logs and query_log: where the rows came from. */
  source?: string;
  /** Who wrote the rows, stored with each (see ORIGINS). @default 'ingest' (the column default) */
  origin?: Origin;
}

/** Called after rows are durably written, so live panels on that stream refresh at once. */
export type OnWritten = (stream: Stream, rows: number, maxTime: number | null, origin: Origin) => void;

/**
 * Runs after an insert and before it is acknowledged or announced: derived results kept at write
 * time (the diversity panels' answers) are brought up to date here, so the refresh the write arms
 * reads them current. It must not throw: a result it leaves out of date is computed at its next read.
 */
export type AfterInsert = (stream: Stream) => Promise<void>;

/** When a body is written through a staging table (staged.ts) rather than in one insert. */
interface Staging {
  /** The engines it is used on: chDB, which parses an insert on one thread, one statement at a time. */
  engines: readonly EngineKind[];
  /** Bodies at least this long; shorter ones cost more in the staging table's statements than they gain. */
  minBytes: number;
  /** See StagedOptions.pieceBytes. */
  pieceBytes: number;
}

const STAGING: Staging = { engines: ['chdb'], minBytes: 4 * 1024 * 1024, pieceBytes: 8 * 1024 * 1024 };

const KEY = /^[\x21-\x7e]{1,200}$/;
export function validIdempotencyKey(k: string): boolean {
  return KEY.test(k);
}

/**
 * Ingest: check every row, then write them in one insert, then tell the live hub. A large body
 * on the embedded engine is checked and parsed at the same time, through a staging table, and
 * still written by one insert (staged.ts). The write is
 * acknowledged only after ClickHouse has the rows on disk, so an accepted request survives a
 * crash of this process. A retry with the same Idempotency-Key is answered from the record of
 * the first request; if the first crashed between the insert and that record, the insert's
 * deduplication token makes the second insert a no-op in the raw table and every rollup.
 */
export class IngestPipeline {
  private inFlight = new Set<Promise<unknown>>();
  private closed = false;

  private readonly staging: Staging;

  constructor(
    private readonly engine: Engine,
    private readonly onWritten: OnWritten,
    private readonly afterInsert: AfterInsert = async () => {},
    staging: Partial<Staging> = {}
  ) {
    this.staging = { ...STAGING, ...staging };
  }

  async write(stream: Stream, body: Buffer | string, opts: IngestOptions = {}): Promise<IngestResult> {
    if (this.closed) throw new Error('ingest is shutting down');
    const p = this.run(stream, body, opts);
    this.inFlight.add(p);
    try {
      return await p;
    } finally {
      this.inFlight.delete(p);
    }
  }

  /** Stops taking writes and waits for the ones under way. */
  async drain(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(stream: Stream, body: Buffer | string, opts: IngestOptions): Promise<IngestResult> {
    const key = opts.idempotencyKey;
    const bodyHash = key !== undefined ? createHash('sha256').update(body).digest('hex') : '';
    if (key !== undefined) {
      const rows = await priorRequest(this.engine, stream, key, bodyHash);
      if (rows !== null) return { accepted: rows, replayed: true };
    }
    trace('ingest.start', stream);
    const tag = `ingest.${stream}${opts.source ? ` ${opts.source}` : ''}`;
    const dedupToken = key !== undefined ? createHash('sha256').update(`${stream}\n${key}`).digest('hex') : undefined;
    const simulated = opts.origin === 'simulator';
    if (simulated && stream === 'training') throw new Error('training runs have no origin column: the simulator writes none');
    const rowsOf: RowsOf = (b) => (simulated ? { columns: [...b.columns, 'origin'], body: withOrigin(b.body, 'simulator') } : b);
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const batch =
      this.staging.engines.includes(this.engine.kind) && bytes.length >= this.staging.minBytes
        ? await writeStaged(this.engine, stream, bytes, {
            tag,
            pieceBytes: this.staging.pieceBytes,
            rowsOf,
            ...(dedupToken ? { dedupToken } : {})
          })
        : await this.writeWhole(stream, bytes, tag, dedupToken, rowsOf);
    trace('ingest.inserted', batch.rows);
    if (key !== undefined) await recordRequest(this.engine, stream, key, bodyHash, batch.rows);
    await this.afterInsert(stream);
    trace('ingest.after', stream);
    this.onWritten(stream, batch.rows, batch.maxTime, simulated ? 'simulator' : 'ingest');
    return { accepted: batch.rows, replayed: false };
  }

  /** Checks the whole body, then inserts it in one statement. */
  private async writeWhole(stream: Stream, body: Buffer, tag: string, dedupToken: string | undefined, rowsOf: RowsOf): Promise<Batch> {
    const batch = await buildBatchParallel(stream, body);
    trace('ingest.checked', batch.rows);
    const { columns, body: rows } = rowsOf(batch);
    try {
      await this.engine.insertJsonEachRow(STREAM_TABLES[stream], columns, rows, { tag, ...(dedupToken ? { dedupToken } : {}) });
    } catch (e) {
      throw partialWriteOf(e, STREAM_TABLES[stream], batch.rows) ?? e;
    }
    return batch;
  }
}

/**
 * The batch with `"origin":...` added to every row. Only the simulator's rows take this path (a
 * few dozen a second), so producers' large bodies still go to ClickHouse untouched; every other
 * row gets the column's default, 'ingest'.
 */
function withOrigin(body: Buffer, origin: Origin): Buffer {
  const field = `,"origin":${JSON.stringify(origin)}}`;
  const out: string[] = [];
  for (const raw of body.toString('utf8').split('\n')) {
    const line = raw.trimEnd();
    if (line === '') continue;
    // Checked rows are JSON objects, so the line ends with the object's closing brace.
    out.push(line.slice(0, -1) + field);
  }
  return Buffer.from(out.join('\n') + '\n');
}

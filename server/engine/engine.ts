import { randomUUID } from 'node:crypto';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { drainPending } from 'chdb';
import { createChdbConnection } from 'chdb/connection';
import type { Config } from '../config';
import { requestId } from '../lib/request-id';
import { eachRow, summaryMs } from './answer';
import { statementBegins } from './cost';
import { checkDataDir } from './data-dir';
import { toEngineError } from './errors';
import { EngineState } from './state';

export type EngineKind = 'chdb' | 'clickhouse';

export interface QueryOptions {
  /**
   * What runs, written with the id of the API request being served (if any) to query_log's
   * log_comment as {"tag":...,"req":...}, so a slow query leads back to its caller.
   */
  tag: string;
  /** Bound values: every value from outside reaches SQL this way and no other. */
  params?: Record<string, unknown>;
  /** Per-query time limit. @default 10 */
  timeoutS?: number;
}

export interface InsertOptions {
  tag: string;
  /** JSONCompactEachRow (arrays in column order) is what ingest writes; it is smaller. @default 'JSONEachRow' */
  format?: 'JSONEachRow' | 'JSONCompactEachRow';
  /** Makes a retried insert of the same rows a no-op in the table and its rollups. */
  dedupToken?: string;
}

/**
 * The one door to ClickHouse. Embedded chDB or a server over HTTP: the same SQL and the same
 * client API behind it, so nothing outside this folder knows which.
 */
export interface Engine {
  readonly kind: EngineKind;
  /** The underlying client, for the rare caller that needs a format this interface lacks. */
  readonly client: ClickHouseClient;
  rows<T>(sql: string, opts: QueryOptions): Promise<T[]>;
  /** Runs a query with a FORMAT clause of its own and returns the bytes as ClickHouse wrote them. */
  bytes(sql: string, opts: QueryOptions): Promise<Buffer>;
  command(sql: string, opts: QueryOptions): Promise<void>;
  /** Inserts a JSONEachRow (or JSONCompactEachRow) body whose rows already passed validation. */
  insertJsonEachRow(table: string, columns: readonly string[], body: Buffer, opts: InsertOptions): Promise<void>;
  /**
   * Moves every row of `source` (a staging table of the same columns) into `table` in one
   * INSERT ... SELECT with the settings insertJsonEachRow uses (deduplication token, views at
   * once): `columns` are copied, the others take `table`'s defaults.
   */
  insertFrom(table: string, columns: readonly string[], source: string, opts: InsertOptions): Promise<void>;
  ping(): Promise<boolean>;
  /** What recent queries and writes said about the engine: answered from memory. */
  readonly state: EngineState;
  version(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Settings every query relies on, set explicitly because chDB's defaults differ from a
 * server's: 64-bit integers as JSON numbers, ISO 8601 and epoch times accepted on input, and
 * a non-finite float written as "inf", "-inf" or "nan" rather than as null, so a reader can tell
 * an infinite stored value from no value (server/panels/usable.ts leaves such rows out).
 */
const BASE_SETTINGS = {
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_denormals: 1,
  date_time_input_format: 'best_effort',
  input_format_skip_unknown_fields: 0
} as const;

/** log_comment: the tag and the request id as JSON, the id also in the response's X-Request-Id and the logs. */
function logComment(tag: string): string {
  const req = requestId();
  return JSON.stringify(req === undefined ? { tag: tag.slice(0, 200) } : { tag: tag.slice(0, 200), req });
}

/**
 * Per-query settings. chDB applies clickhouse_settings as session-wide SET statements that
 * outlive the query, so every query sends the full set and none inherits a neighbour's.
 */
function querySettings(opts: QueryOptions) {
  return {
    log_comment: logComment(opts.tag),
    max_execution_time: opts.timeoutS ?? 10,
    // `sum(tokens) AS tokens` beside `sumIf(tokens, ...)`: the column, not the alias, is meant.
    prefer_column_name_to_alias: 1 as const,
    // An INSERT into a Distributed table (cluster mode) answers once every shard has its rows,
    // not once they are queued on the node that took them. No effect on plain tables.
    distributed_foreground_insert: 1 as const
  };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * INSERT settings go inline (INSERT ... SETTINGS ...), never through a session SET: a
 * deduplication token left behind in a chDB session would silently swallow the next insert.
 */
function insertPrefix(table: string, columns: readonly string[], opts: InsertOptions): string {
  return `${insertHead(table, columns, opts)} FORMAT ${opts.format ?? 'JSONEachRow'}`;
}

/** `INSERT INTO table (columns) SETTINGS ...`, identifiers checked, settings inline. */
function insertHead(table: string, columns: readonly string[], opts: InsertOptions): string {
  for (const id of [table, ...columns]) if (!IDENT.test(id)) throw new Error(`not an identifier: ${id}`);
  const settings = Object.entries(insertSettings(opts))
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? `'${v.replace(/[\\']/g, '\\$&')}'` : v}`)
    .join(', ');
  return `INSERT INTO ${table} (${columns.join(', ')}) SETTINGS ${settings}`;
}

/**
 * Every insert carries a deduplication token. With the caller's token, a retried insert is
 * dropped by the table and, through deduplicate_blocks_in_dependent_materialized_views, by
 * every rollup fed from it. Without one, a fresh random token: the tables keep a deduplication
 * window, and without a token two identical batches would be taken for a retry and the second
 * silently dropped. (Turning deduplication off per insert is spelled differently across
 * ClickHouse versions, insert_deduplicate vs deduplicate_insert; a unique token works on all.)
 */
function insertSettings(opts: InsertOptions): Record<string, string | number> {
  return {
    // Inserts inline their settings in SQL text: the tag keeps to a safe alphabet, the id is checked.
    log_comment: logComment(opts.tag.replace(/[^A-Za-z0-9:_. -]/g, '_')),
    // A large import may take minutes; the per-query limit of reads must not cut it off.
    max_execution_time: 0,
    insert_deduplicate: 1,
    insert_deduplication_token: tokenLiteral(opts.dedupToken ?? `once-${randomUUID()}`),
    deduplicate_blocks_in_dependent_materialized_views: 1,
    // The rows go through the table's materialized views (ten on crawl_documents) at once rather
    // than one view after another: a one-row crawl insert, embedded engine, 2-core machine, took
    // p50 / p95 66 / 90 ms against 80 / 128 ms (bench/ingest.ts, docs/PERFORMANCE.md "Ingest").
    // A view that fails still fails the insert and names itself (server/ingest/partial-write.ts).
    parallel_view_processing: 1,
    // Acknowledged only once the shards hold the rows (cluster mode; see querySettings).
    distributed_foreground_insert: 1
  };
}

/** Tokens are produced by our own hashing (hex), checked again here because they enter SQL text. */
function tokenLiteral(token: string): string {
  if (!/^[A-Za-z0-9:_-]{1,128}$/.test(token)) throw new Error('deduplication token must be [A-Za-z0-9:_-]{1,128}');
  return token;
}

export interface ServerOptions {
  /**
   * The clock the engine's state reads (a storage, missing-part or memory fault is reported for
   * DATA_FAULT_MS after it); tests inject a manual one. @default Date.now
   */
  now?: () => number;
  /**
   * How long the connection to a server may stay silent before the client gives up on it. Not a
   * limit on a statement: the server sends a progress header every quarter of this while a
   * statement runs, so a migration or an import of an hour keeps its connection. @default 60000
   */
  idleTimeoutMs?: number;
}

type EngineConfig = Pick<Config, 'clickhouseUrl' | 'clickhouseUser' | 'clickhousePassword' | 'clickhouseDatabase' | 'chdbPath'>;

/** The settings of an embedded engine on `chdbPath` (the importer's scratch parser, tests, benchmarks). */
export function embeddedConfig(chdbPath: string): EngineConfig {
  return { chdbPath, clickhouseUrl: undefined, clickhouseUser: '', clickhousePassword: '', clickhouseDatabase: 'default' };
}

export async function openEngine(config: EngineConfig, opts: ServerOptions = {}): Promise<Engine> {
  if (config.clickhouseUrl) return openServer(config as Config & { clickhouseUrl: string }, opts);
  return openEmbedded(config.chdbPath, opts.now);
}

async function openEmbedded(path: string, now: (() => number) | undefined): Promise<Engine> {
  checkDataDir(path);
  const connection = createChdbConnection({ path });
  // Two copies of @clickhouse/client-common's Connection type exist (chdb's and the client's);
  // they describe the same interface, so the cast only bridges the duplicate declarations.
  const client = createClient({ connection: connection as unknown as NonNullable<Parameters<typeof createClient>[0]>['connection'] });
  const engine = wrap(
    'chdb',
    client,
    new EngineState(now),
    async (table, columns, body, opts) => {
      const prefix = insertPrefix(table, columns, opts);
      // Zero-copy raw insert: the body goes to chDB's parser without becoming a JS string.
      await connection.chdb
        .rawInsert({ table, columns, values: body, format: opts.format ?? 'JSONEachRow', settings: insertSettings(opts) })
        .catch((e: unknown) => {
          throw toEngineError(e, prefix);
        });
    },
    // chDB's close returns at once and tears the connection down only when the statements still
    // running in it end (it cannot stop one part-way). Closed means gone: a process that exits
    // while one runs can hang at exit for good, past its shutdown timer, and another directory
    // cannot open before then.
    drainPending
  );
  const sets = Object.entries(BASE_SETTINGS).map(([k, v]) => `SET ${k} = ${typeof v === 'string' ? `'${v}'` : v}`);
  for (const s of sets) await client.command({ query: s });
  return engine;
}

/**
 * Progress headers are about 250 bytes each; Node's default 16 KiB header limit would end a
 * statement after some 64 of them. 8 MiB covers a day-long import at one header every 15 s.
 */
const MAX_RESPONSE_HEADER_BYTES = 8 * 1024 * 1024;

async function openServer(config: Config & { clickhouseUrl: string }, opts: ServerOptions): Promise<Engine> {
  const idle = opts.idleTimeoutMs ?? 60_000;
  const client = createClient({
    url: config.clickhouseUrl,
    username: config.clickhouseUser,
    password: config.clickhousePassword,
    database: config.clickhouseDatabase,
    // ClickHouse sends nothing until a statement ends unless asked for progress headers; with
    // them, the client's idle timer (request_timeout) only ends a connection that went silent,
    // and a statement is bounded by its own max_execution_time alone.
    clickhouse_settings: {
      ...BASE_SETTINGS,
      send_progress_in_http_headers: 1,
      http_headers_progress_interval_ms: String(Math.max(10, Math.floor(idle / 4)))
    },
    request_timeout: idle,
    max_response_headers_size: MAX_RESPONSE_HEADER_BYTES
  });
  return wrap('clickhouse', client, new EngineState(opts.now), async (table, columns, body, opts) => {
    const query = insertPrefix(table, columns, opts);
    // exec sends the body untouched; insert() would re-encode it row by row.
    const { Readable } = await import('node:stream');
    const res = await client.exec({ query, values: Readable.from([body]), clickhouse_settings: {} }).catch((e: unknown) => {
      throw toEngineError(e, query);
    });
    res.stream.resume();
  });
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

type RawInsert = (table: string, columns: readonly string[], body: Buffer, opts: InsertOptions) => Promise<void>;

function wrap(
  kind: EngineKind,
  client: ClickHouseClient,
  state: EngineState,
  rawInsert: RawInsert,
  /** What close() waits for after the client's own close. */
  released: () => Promise<void> = async () => {}
): Engine {
  let closed = false;
  /**
   * Runs one engine call, notes what its outcome says about the engine, and reports the
   * statement's own elapsed time (what `run` returns beside its value; null when the answer
   * carries none) to the call being measured, if any (cost.ts).
   */
  const track = async <T>(write: boolean, sql: string, run: () => Promise<{ value: T; engineMs: number | null }>): Promise<T> => {
    const end = statementBegins();
    let engineMs: number | null = null;
    try {
      const r = await run();
      engineMs = r.engineMs;
      state.succeeded(write);
      return r.value;
    } catch (e) {
      const err = toEngineError(e, sql);
      state.failed(err);
      throw err;
    } finally {
      end(engineMs);
    }
  };
  return {
    kind,
    client,
    state,
    rows<T>(sql: string, opts: QueryOptions): Promise<T[]> {
      // exec rather than query: its answer brings the summary with the engine's own time (answer.ts).
      return track(false, sql, async () => {
        const rs = await client.exec({
          query: sql,
          query_params: opts.params ?? {},
          clickhouse_settings: { ...querySettings(opts), default_format: 'JSONEachRow' }
        });
        return { value: eachRow<T>((await readAll(rs.stream)).toString('utf8')), engineMs: summaryMs(rs.summary) };
      });
    },
    bytes(sql: string, opts: QueryOptions): Promise<Buffer> {
      return track(false, sql, async () => {
        const rs = await client.exec({ query: sql, query_params: opts.params ?? {}, clickhouse_settings: querySettings(opts) });
        return { value: await readAll(rs.stream), engineMs: summaryMs(rs.summary) };
      });
    },
    command(sql: string, opts: QueryOptions): Promise<void> {
      // Commands here are inserts and schema changes: their success says the disk takes writes.
      return track(true, sql, async () => {
        const r = await client.command({ query: sql, query_params: opts.params ?? {}, clickhouse_settings: querySettings(opts) });
        return { value: undefined, engineMs: summaryMs(r.summary) };
      });
    },
    insertJsonEachRow(table, columns, body, opts) {
      return track(true, table, async () => ({ value: await rawInsert(table, columns, body, opts), engineMs: null }));
    },
    insertFrom(table, columns, source, opts) {
      if (!IDENT.test(source)) throw new Error(`not an identifier: ${source}`);
      const sql = `${insertHead(table, columns, opts)} SELECT ${columns.join(', ')} FROM ${source}`;
      return track(true, table, async () => {
        const r = await client.command({ query: sql, clickhouse_settings: {} });
        return { value: undefined, engineMs: summaryMs(r.summary) };
      });
    },
    async ping() {
      if (closed) return false;
      const r = await client.ping().catch(() => ({ success: false }));
      if (r.success) state.succeeded(false);
      else state.failed(toEngineError(new Error('ping failed'), 'ping'));
      return r.success;
    },
    async version() {
      const [row] = await this.rows<{ v: string }>('SELECT version() AS v', { tag: 'engine.version' });
      return row?.v ?? 'unknown';
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
      await released();
    }
  };
}

// ClickHouse's HTTP interface served from chDB, in a process of its own (started by ./index.ts).
// Prints {"port": N, "version": V} once listening. Environment: CH_HTTP_PATH (data directory),
// CH_HTTP_USERS_FILE (JSON: {name: {password, readonly?}}, read at every request as a server
// reloads users.xml when it changes), CH_HTTP_MAX_QUERIES (concurrent queries before
// TOO_MANY_SIMULTANEOUS_QUERIES; 0 for no limit).
//
// What it answers like a server: /ping; the query in the URL (`query`) followed by the body, or
// the body alone; `database`, `default_format`, `query_id`; any other URL parameter as a setting
// for that query only; `param_*` values bound by the engine itself from their text, as a server
// binds them; gzip request bodies (Content-Encoding) and gzip answers (enable_http_compression);
// X-ClickHouse-Summary, -Query-Id, -Format; X-ClickHouse-Progress headers while a statement runs
// (send_progress_in_http_headers), which keep the client's idle timer alive; errors with the
// status, X-ClickHouse-Exception-Code and body ClickHouse sends; credentials by header, Basic
// auth or URL; a read-only user; a limit on simultaneous queries; URLs up to http_max_uri_size.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Session } from 'chdb';
import { codeOf, exceptionText, statusForCode } from './errors';

interface RawResult {
  bytes: Uint8Array;
  elapsed: number;
  rowsRead: number;
  bytesRead: number;
}
interface RawInsertResult {
  rowsWritten: number;
  bytesWritten: number;
  elapsed: number;
}
/**
 * chDB's native calls. Its Session.queryBindAsync formats JavaScript values itself; a server
 * receives parameter text already formatted by the client and binds that text as it is, so the
 * harness hands the text straight to the native binder, which is what the server does.
 */
interface Native {
  QueryAsyncConnection(conn: unknown, sql: string, format: string, params?: Record<string, string>): Promise<RawResult>;
  InsertRawAsyncConnection(conn: unknown, prefix: string, body: Buffer, lineDelimited: boolean): Promise<RawInsertResult>;
}

const require = createRequire(import.meta.url);
const chdbDir = dirname(require.resolve('chdb'));
const native = (require(join(chdbDir, 'dist/loader.js')) as { loadNative(): Native }).loadNative();

const session = new Session(process.env.CH_HTTP_PATH ?? '');
const usersFile = process.env.CH_HTTP_USERS_FILE ?? '';
type Account = { password: string; readonly?: boolean };
const users = (): Record<string, Account> => JSON.parse(readFileSync(usersFile, 'utf8')) as Record<string, Account>;
const maxQueries = Number(process.env.CH_HTTP_MAX_QUERIES ?? '0');
/** A server's http_max_uri_size default, as its system.settings shows. */
const MAX_URI_BYTES = 1_048_576;

const version = Buffer.from((await native.QueryAsyncConnection(session.connection, 'SELECT version()', 'TSVRaw')).bytes)
  .toString()
  .trim();

/** URL parameters that are part of the HTTP protocol, not settings. */
const RESERVED = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'user',
  'password',
  'session_id',
  'session_timeout',
  'session_check',
  'quota_key',
  'compress',
  'decompress',
  'buffer_size',
  'wait_end_of_query',
  'role'
]);
/** Settings the HTTP layer itself acts on. */
const HTTP_SETTINGS = new Set(['enable_http_compression', 'send_progress_in_http_headers', 'http_headers_progress_interval_ms']);
/** Statements a readonly=1 user may run. */
const READ_STATEMENT = /^\s*(SELECT|WITH|SHOW|DESC|DESCRIBE|EXISTS|EXPLAIN)\b/i;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

class ChError extends Error {
  constructor(
    readonly code: number,
    message: string
  ) {
    super(message);
  }
}

/**
 * chDB keeps a SET for the whole session, where a server keeps a URL setting for one query.
 * Statements therefore run one at a time, and every setting a query brought is returned to its
 * default afterwards, so nothing one request sends is seen by the next.
 */
let chain: Promise<unknown> = Promise.resolve();
function serial<T>(run: () => Promise<T>): Promise<T> {
  const p = chain.then(run);
  chain = p.then(
    () => undefined,
    () => undefined
  );
  return p;
}

function literal(v: string): string {
  return /^-?\d+(\.\d+)?$/.test(v) ? v : `'${v.replace(/[\\']/g, '\\$&')}'`;
}

async function sql(statement: string): Promise<void> {
  await native.QueryAsyncConnection(session.connection, statement, 'TSV');
}

interface Outcome {
  body: Buffer;
  summary: { read_rows: number; read_bytes: number; written_rows: number; written_bytes: number; elapsed_ns: number };
}

async function execute(
  database: string,
  settings: Array<[string, string]>,
  params: Record<string, string>,
  query: string,
  data: Buffer | undefined,
  format: string
): Promise<Outcome> {
  return serial(async () => {
    if (!IDENT.test(database)) throw new ChError(81, exceptionText(81, 'UNKNOWN_DATABASE', `Database ${database} does not exist`));
    await sql(`USE ${database}`);
    const applied: string[] = [];
    try {
      for (const [k, v] of settings) {
        if (!IDENT.test(k)) throw new ChError(115, exceptionText(115, 'UNKNOWN_SETTING', `Unknown setting '${k}'`));
        await sql(`SET ${k} = ${literal(v)}`);
        applied.push(k);
      }
      const insert = data !== undefined && /^\s*INSERT\b[\s\S]*\bFORMAT\s+(\w+)\s*$/i.exec(query);
      if (insert) {
        // An INSERT ... FORMAT in the URL with its rows in the body: rows go to the engine's parser as bytes.
        const lineDelimited = /EachRow$|^(TSV|TabSeparated)$/i.test(insert[1] ?? '');
        const r = await native.InsertRawAsyncConnection(session.connection, query.trim(), data, lineDelimited);
        return {
          body: Buffer.alloc(0),
          summary: {
            read_rows: 0,
            read_bytes: 0,
            written_rows: r.rowsWritten,
            written_bytes: r.bytesWritten,
            elapsed_ns: Math.round(r.elapsed * 1e9)
          }
        };
      }
      const text = data === undefined ? query : `${query}\n${data.toString()}`;
      const r = await native.QueryAsyncConnection(session.connection, text, format, params);
      return {
        body: Buffer.from(r.bytes),
        summary: {
          read_rows: r.rowsRead,
          read_bytes: r.bytesRead,
          written_rows: 0,
          written_bytes: 0,
          elapsed_ns: Math.round(r.elapsed * 1e9)
        }
      };
    } finally {
      for (const k of applied) await sql(`SET ${k} = DEFAULT`).catch(() => undefined);
    }
  });
}

function credentials(req: IncomingMessage, url: URL): { user: string; password: string } {
  const h = req.headers;
  if (typeof h['x-clickhouse-user'] === 'string') return { user: h['x-clickhouse-user'], password: String(h['x-clickhouse-key'] ?? '') };
  const auth = h.authorization;
  if (auth?.startsWith('Basic ')) {
    const plain = Buffer.from(auth.slice(6), 'base64').toString();
    const at = plain.indexOf(':');
    return { user: plain.slice(0, at), password: plain.slice(at + 1) };
  }
  return { user: url.searchParams.get('user') ?? 'default', password: url.searchParams.get('password') ?? '' };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  return /gzip/i.test(String(req.headers['content-encoding'] ?? '')) ? gunzipSync(raw) : raw;
}

function contentType(format: string): string {
  if (/^JSON/i.test(format)) return 'application/json; charset=UTF-8';
  if (/^(TSV|TabSeparated)/i.test(format)) return 'text/tab-separated-values; charset=UTF-8';
  return 'text/plain; charset=UTF-8';
}

let inFlight = 0;

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/ping') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' }).end('Ok.\n');
    return;
  }
  const queryId = url.searchParams.get('query_id') ?? crypto.randomUUID();
  const format = url.searchParams.get('default_format') ?? 'TabSeparated';
  const base: Record<string, string> = {
    'X-ClickHouse-Server-Display-Name': 'clickhouse-http-harness',
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Timezone': 'UTC'
  };
  const progressOn = url.searchParams.get('send_progress_in_http_headers') === '1';
  const interval = Math.max(10, Number(url.searchParams.get('http_headers_progress_interval_ms') ?? '100'));
  const gzip = url.searchParams.get('enable_http_compression') === '1' && /gzip/.test(String(req.headers['accept-encoding'] ?? ''));

  // With progress on, the status line and progress headers go out while the statement runs;
  // the socket is then written by hand, as the HTTP module sends all headers at once.
  let rawStarted = false;
  const startedAt = process.hrtime.bigint();
  const progress = (): string =>
    `X-ClickHouse-Progress: ${JSON.stringify({ read_rows: '0', read_bytes: '0', written_rows: '0', written_bytes: '0', total_rows_to_read: '0', result_rows: '0', result_bytes: '0', elapsed_ns: String(process.hrtime.bigint() - startedAt) })}\r\n`;
  const timer = progressOn
    ? setInterval(() => {
        const head = rawStarted
          ? ''
          : `HTTP/1.1 200 OK\r\n${Object.entries(base)
              .map(([k, v]) => `${k}: ${v}\r\n`)
              .join('')}`;
        rawStarted = true;
        req.socket.write(head + progress());
      }, interval)
    : undefined;

  const finish = (status: number, headers: Record<string, string>, body: Buffer): void => {
    if (timer) clearInterval(timer);
    let payload = body;
    const all: Record<string, string> = { ...headers };
    if (gzip && body.length > 0) {
      payload = gzipSync(body);
      all['Content-Encoding'] = 'gzip';
    }
    if (!rawStarted) {
      res.writeHead(status, { ...base, ...all, 'Content-Length': String(payload.length) }).end(payload);
      return;
    }
    // The status line already said 200; an exception after it is told by the exception code
    // header, as a server does once it has started its answer.
    const lines = Object.entries({ ...all, 'Content-Length': String(payload.length), Connection: 'close' })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    req.socket.end(Buffer.concat([Buffer.from(`${lines}\r\n`), payload]));
  };
  const fail = (message: string, code = codeOf(message)): void => {
    const text = `${message.replace(/\s+$/, '')} (version ${version})\n`;
    finish(
      statusForCode(code),
      { 'X-ClickHouse-Exception-Code': String(code), 'Content-Type': 'text/plain; charset=UTF-8' },
      Buffer.from(text)
    );
  };

  if ((req.url ?? '').length > MAX_URI_BYTES) {
    // Read the body first: closing with bytes unread would reset the connection instead.
    await readBody(req).catch(() => undefined);
    fail(exceptionText(1000, 'POCO_EXCEPTION', `The URI is longer than http_max_uri_size (${MAX_URI_BYTES} bytes)`), 1000);
    return;
  }
  const { user, password } = credentials(req, url);
  const account = users()[user];
  if (!account || account.password !== password) {
    fail(
      exceptionText(
        516,
        'AUTHENTICATION_FAILED',
        `${user}: Authentication failed: password is incorrect, or there is no user with such name`
      ),
      516
    );
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (e) {
    fail(exceptionText(354, 'CANNOT_DECOMPRESS', `Cannot decompress the request body: ${(e as Error).message}`), 354);
    return;
  }
  const inUrl = url.searchParams.get('query');
  const query = inUrl ?? body.toString();
  const data = inUrl !== null && body.length > 0 ? body : undefined;
  if (query.trim() === '') {
    finish(200, { 'Content-Type': 'text/html; charset=UTF-8' }, Buffer.from('Ok.\n'));
    return;
  }
  if (account.readonly && !READ_STATEMENT.test(query)) {
    fail(exceptionText(164, 'READONLY', `${user}: Cannot execute query in readonly mode`), 164);
    return;
  }
  if (maxQueries > 0 && inFlight >= maxQueries) {
    fail(exceptionText(202, 'TOO_MANY_SIMULTANEOUS_QUERIES', `Too many simultaneous queries. Maximum: ${maxQueries}`), 202);
    return;
  }
  const settings: Array<[string, string]> = [];
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (k.startsWith('param_')) params[k.slice(6)] = v;
    else if (!RESERVED.has(k) && !HTTP_SETTINGS.has(k)) settings.push([k, v]);
  }
  inFlight++;
  try {
    const out = await execute(url.searchParams.get('database') ?? 'default', settings, params, query, data, format);
    const summary = Object.fromEntries(
      Object.entries({ ...out.summary, total_rows_to_read: 0, result_rows: out.summary.read_rows, result_bytes: out.body.length }).map(
        ([k, v]) => [k, String(v)]
      )
    );
    finish(
      200,
      { 'X-ClickHouse-Format': format, 'Content-Type': contentType(format), 'X-ClickHouse-Summary': JSON.stringify(summary) },
      out.body
    );
  } catch (e) {
    const err = e as Error & { clickhouseCode?: number };
    fail(err.message, e instanceof ChError ? e.code : (err.clickhouseCode ?? codeOf(err.message)));
  } finally {
    inFlight--;
  }
}

// A server reads a URL of up to http_max_uri_size (1 MiB by default, as system.settings shows)
// and header values of up to http_max_field_value_size (128 KiB); Node's default is 16 KiB for
// the request line and headers together. The client sends every bound value in the URL, so the
// simulator's backfill (its calibration tables as parameters) went past Node's limit, and Node
// answers that by destroying the socket with the body unread: ECONNRESET at the client.
const server = createServer({ maxHeaderSize: MAX_URI_BYTES + 256 * 1024 }, (req, res) => {
  handle(req, res).catch((e: unknown) => {
    if (!res.headersSent) res.writeHead(500).end(String(e));
  });
});
// chDB runs a statement synchronously, so this process's event loop stops while it does. Had the
// server an idle timer on kept-alive sockets, it would fire late, right when the loop resumes:
// the client may by then have written its next request on that socket, which the timer destroys
// unread, and the client sees ECONNRESET. The client closes idle sockets itself, so the harness
// never does (the same race tests/helpers/server.ts avoids).
server.keepAliveTimeout = 0;
// What Node refuses before a request reaches the handler (a request line or headers past the
// limits above, a malformed request) is answered as ClickHouse answers it, with a reason,
// instead of a bare reset.
server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
  if (!socket.writable) return;
  const overflow = err.code === 'HPE_HEADER_OVERFLOW';
  const text = overflow
    ? `Code: 1000. DB::Exception: The request line and headers exceed ${MAX_URI_BYTES} bytes (http_max_uri_size). (POCO_EXCEPTION)\n`
    : `Code: 1000. DB::Exception: Malformed HTTP request: ${err.message}. (POCO_EXCEPTION)\n`;
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=UTF-8\r\nX-ClickHouse-Exception-Code: 1000\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`
  );
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port, version })}\n`);
});
const stop = (): void => {
  server.close();
  server.closeAllConnections();
  session.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

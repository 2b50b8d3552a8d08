import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { createApp, type App, type AppOptions } from '../../server/app';
import { loadConfig } from '../../server/config';
import { silentLogger } from '../../server/log';
import { clickhouseServer } from './target';

export interface TestServer {
  app: App;
  http: Server;
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server; the data directory stays unless `wipe` is true. */
  close(wipe?: boolean): Promise<void>;
}

/**
 * A real server on a free loopback port over a real engine: chDB in a fresh temporary
 * directory, or, when CLICKHOUSE_URL is set, a fresh database on that server.
 */
export async function startServer(
  opts: { env?: Record<string, string>; dataDir?: string; app?: Partial<AppOptions> } = {}
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'pdo-test-'));
  const env: Record<string, string> = {
    CHDB_PATH: dataDir,
    SIMULATE: 'off',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'error',
    ...opts.env
  };
  const server = clickhouseServer();
  if (server) {
    env.CLICKHOUSE_URL = server;
    env.CLICKHOUSE_USER = process.env.CLICKHOUSE_USER ?? 'default';
    env.CLICKHOUSE_PASSWORD = process.env.CLICKHOUSE_PASSWORD ?? '';
    env.CLICKHOUSE_DATABASE = opts.env?.CLICKHOUSE_DATABASE ?? `pdo_test_${process.pid}_${Date.now()}`;
    if (process.env.CLICKHOUSE_CLUSTER) env.CLICKHOUSE_CLUSTER = process.env.CLICKHOUSE_CLUSTER;
    await createDatabase(env.CLICKHOUSE_DATABASE);
  }
  const config = loadConfig(env);
  const app = await createApp(config, { log: silentLogger, version: 'test', ...opts.app });
  const http = createServer((req, res) => {
    void app.handle(req, res).then((handled) => {
      if (!handled) {
        res.statusCode = 404;
        res.end();
      }
    });
  });
  app.attach(http);
  // The server never closes an idle kept-alive connection; the client (fetch) does, and never
  // one it is using. With Node's default keepAliveTimeout (5 s), a test whose event loop stalled
  // for longer (the reference metrics, tokenising, a machine at a load of 25) raced it: fetch
  // took the pooled socket and wrote its next request; the loop then ran its due timers before
  // polling for I/O, so the server's idle timer destroyed the socket with that request unread,
  // and a socket closed with unread bytes answers with a reset: ECONNRESET on a panel fetch
  // (tests/integration/keep-alive.test.ts replays it).
  http.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    app,
    http,
    port,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    async close(wipe = true) {
      await app.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (wipe) rmSync(dataDir, { recursive: true, force: true });
    }
  };
}

/** Creates a database on the ClickHouse server at CLICKHOUSE_URL (every node, on a cluster). */
export async function createDatabase(name: string): Promise<void> {
  const c = createClient({
    url: clickhouseServer(),
    username: process.env.CLICKHOUSE_USER ?? 'default',
    password: process.env.CLICKHOUSE_PASSWORD ?? ''
  });
  // On a cluster the database must exist on every node before ON CLUSTER tables go into it.
  const cluster = process.env.CLICKHOUSE_CLUSTER;
  await c.command({ query: `CREATE DATABASE IF NOT EXISTS ${name}${cluster ? ` ON CLUSTER ${cluster}` : ''}` });
  await c.close();
}

/** POSTs NDJSON rows (objects or raw text) to an ingest stream. */
export async function ingest(url: string, stream: string, rows: unknown[] | string, headers: Record<string, string> = {}) {
  const body = typeof rows === 'string' ? rows : rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const res = await fetch(`${url}/api/ingest/${stream}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-ndjson', ...headers }
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A panel's rows over HTTP; any answer but 200 throws with its status and the error it names. */
export async function getPanel<R = Record<string, unknown>>(url: string, id: string, query: string): Promise<R[]> {
  const res = await fetch(`${url}/api/panels/${id}?${query}`);
  const body = (await res.json()) as { rows: R[]; error?: string };
  if (res.status !== 200) throw new Error(`${id}?${query}: ${res.status} ${body.error ?? ''}`);
  return body.rows;
}

export async function streamRows(url: string): Promise<Record<string, number>> {
  const r = (await (await fetch(`${url}/api/streams`)).json()) as Record<string, { rows: number }>;
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.rows]));
}

export const T0 = Date.UTC(2025, 4, 1, 12, 0, 0);

/** A valid crawl row; override any field. */
export function crawlRow(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ts: T0 + i * 1000,
    url: `https://www.site-${i % 7}.example.org/a/${i}`,
    lang: i % 3 === 0 ? 'de' : 'en',
    content_type: 'article',
    tokens: 500 + i,
    provenance: i % 2 === 0 ? 'ai' : 'human',
    ...over
  };
}

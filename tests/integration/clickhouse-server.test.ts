// The server path against ClickHouse's HTTP interface (the chDB harness in a process of its own):
// long statements, views that need no session setting, what a failed view leaves, health and the
// 503 each server failure deserves, and two servers migrating one database at once. These start
// harnesses of their own, so they run in the embedded pass only; the second pass of the whole
// suite (scripts/test.mjs) covers everything else over HTTP.
import { connect } from 'node:net';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../server/engine/engine';
import { migrate, readMigrations } from '../../server/engine/migrations';
import { projectRoot } from '../../server/paths';
import { startClickHouseHttp, type ClickHouseHttp } from '../helpers/clickhouse-http';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';
import { onServer } from '../helpers/target';

const DIR = join(projectRoot(), 'clickhouse', 'migrations');
let n = 0;

async function database(url: string): Promise<string> {
  const name = `pdo_srv_${process.pid}_${++n}`;
  const c = createClient({ url });
  await c.command({ query: `CREATE DATABASE ${name}` });
  await c.close();
  return name;
}

function serverConfig(url: string, db: string) {
  return { clickhouseUrl: url, clickhouseUser: 'default', clickhousePassword: '', clickhouseDatabase: db, chdbPath: '' };
}

async function serverOn(h: ClickHouseHttp): Promise<TestServer> {
  return startServer({ env: { CLICKHOUSE_URL: h.url, CLICKHOUSE_DATABASE: await database(h.url) } });
}

/**
 * Sends a statement over a raw socket with progress headers every 20 ms and resolves once the
 * first bytes of the answer arrive: the statement is then running on the server for certain.
 */
function holdStatement(url: string, sql: string): Promise<{ done: Promise<string> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    let started = false;
    const done = new Promise<string>((r) => socket.on('close', () => r(text)));
    socket.on('error', reject);
    socket.on('data', (d: Buffer) => {
      text += d.toString();
      if (!started) {
        started = true;
        resolve({ done });
      }
    });
    const q = new URLSearchParams({ query: sql, send_progress_in_http_headers: '1', http_headers_progress_interval_ms: '20' });
    socket.write(`GET /?${q.toString()} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
  });
}

describe.skipIf(onServer())('ClickHouse server path (over the HTTP harness)', () => {
  let h: ClickHouseHttp;
  beforeAll(async () => {
    h = await startClickHouseHttp();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('keeps a statement running past the client idle timeout: progress headers keep the connection', async () => {
    const engine = await openEngine(serverConfig(h.url, 'default'), { idleTimeoutMs: 400 });
    try {
      const rows = await engine.rows<{ s: number }>('SELECT sleep(1.5) AS s, 1 AS one', { tag: 'test.long', timeoutS: 10 });
      expect(rows).toEqual([{ s: 0, one: 1 }]);
    } finally {
      await engine.close();
    }
    // The same statement on a client that asks for no progress gives up at its idle timeout:
    // the harness really held the answer longer than that.
    const bare = createClient({ url: h.url, request_timeout: 400, log: { level: 127 as never } });
    await expect(bare.query({ query: 'SELECT sleep(1.5) AS s', format: 'JSONEachRow' })).rejects.toThrow(/Timeout/);
    await bare.close();
  });

  it("takes bound values up to a server's URL limit, past Node's 16 KiB, and refuses longer ones with the reason", async () => {
    // The client sends bound values in the URL; the simulator's backfill binds its calibration
    // tables, some 20 KiB, which a 16 KiB limit answered with a reset mid-backfill.
    const engine = await openEngine(serverConfig(h.url, 'default'));
    try {
      const long = 'x'.repeat(200_000);
      const [row] = await engine.rows<{ n: number }>('SELECT length({s:String}) AS n', { tag: 'test.long_url', params: { s: long } });
      expect(row).toEqual({ n: 200_000 });
      await expect(
        engine.rows('SELECT length({s:String}) AS n', { tag: 'test.too_long_url', params: { s: 'x'.repeat(1_100_000) } })
      ).rejects.toThrow(/http_max_uri_size/);
    } finally {
      await engine.close();
    }
  });

  it('feeds every rollup from an insert that carries no session settings', async () => {
    const s = await serverOn(h);
    try {
      const rows = Array.from({ length: 6 }, (_, i) => crawlRow(i));
      expect((await ingest(s.url, 'crawl', rows)).status).toBe(200);
      const [d] = await s.app.engine.rows<{ docs: number; ai: number }>(
        'SELECT sum(docs) AS docs, sum(ai_docs) AS ai FROM crawl_domain_daily',
        { tag: 'test' }
      );
      expect(d).toEqual({ docs: 6, ai: 3 });
    } finally {
      await s.close();
    }
  });

  it('says exactly what a batch whose view failed left in the raw table', async () => {
    const s = await serverOn(h);
    try {
      const e = s.app.engine;
      await e.command('CREATE TABLE refusals (x UInt8) ENGINE = Memory', { tag: 'test' });
      await e.command(
        "CREATE MATERIALIZED VIEW refusing_mv TO refusals AS SELECT throwIf(tokens = 666, 'refused by the test view') AS x FROM crawl_documents",
        { tag: 'test' }
      );
      const rows = [crawlRow(1), crawlRow(2, { tokens: 666 }), crawlRow(3)];
      const r = await ingest(s.url, 'crawl', rows);
      expect(r.status).toBe(500);
      expect(r.body.error).toMatch(
        /stored the batch's 3 rows in crawl_documents, then its materialized view \S*refusing_mv failed \(refused by the test view/
      );
      const [kept] = await e.rows<{ n: number }>('SELECT count() AS n FROM crawl_documents', { tag: 'test' });
      expect(r.body.kept).toEqual({ table: 'crawl_documents', rows: Number(kept?.n) });
    } finally {
      await s.close();
    }
  });

  it('names the server version and cluster in health, and answers each server failure with its 503', async () => {
    const s = await serverOn(h);
    try {
      const health = async () => {
        const res = await fetch(`${s.url}/api/health`);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      expect((await health()).body).toMatchObject({ status: 'ok', engine: 'clickhouse', engine_version: h.version, cluster: null });

      h.setUsers({ default: { password: 'rotated' } });
      const r = await fetch(`${s.url}/api/streams`);
      expect(r.status).toBe(503);
      expect(((await r.json()) as { error: string }).error).toMatch(/refused the configured credentials/);
      expect(await health()).toMatchObject({ status: 503, body: { reason: 'engine refused the credentials' } });

      h.setUsers({ default: { password: '', readonly: true } });
      expect((await fetch(`${s.url}/api/streams`)).status).toBe(200);
      const w = await ingest(s.url, 'crawl', [crawlRow(1)]);
      expect(w.status).toBe(503);
      expect(w.body.error).toMatch(/readonly user/);
      expect(await health()).toMatchObject({ status: 503, body: { reason: 'engine user may not write' } });
      h.setUsers({ default: { password: '' } });
      expect((await ingest(s.url, 'crawl', [crawlRow(1)])).status).toBe(200);
      expect((await health()).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('answers 503 when the server is at its limit of simultaneous queries', async () => {
    const busy = await startClickHouseHttp({ maxConcurrentQueries: 1 });
    const s = await serverOn(busy);
    try {
      const held = await holdStatement(busy.url, 'SELECT sleep(2)');
      const r = await fetch(`${s.url}/api/streams`);
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(((await r.json()) as { error: string }).error).toMatch(/limit of simultaneous queries/);
      const health = (await (await fetch(`${s.url}/api/health`)).json()) as { reason?: string };
      expect(health.reason).toBe('engine overloaded');
      expect(await held.done).toContain('X-ClickHouse-Progress');
    } finally {
      await s.close();
      await busy.stop();
    }
  });

  it('answers 503, not 500 or a hang, when the server is lost', async () => {
    const lost = await startClickHouseHttp();
    const s = await serverOn(lost);
    try {
      await lost.kill();
      const r = await fetch(`${s.url}/api/streams`);
      expect(r.status).toBe(503);
      expect(((await r.json()) as { error: string }).error).toMatch(/unavailable/);
      const health = await fetch(`${s.url}/api/health`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { reason?: string }).reason).toBe('engine unavailable');
    } finally {
      await s.close();
      await lost.stop();
    }
  });

  it('lets one of two servers starting together migrate while the other waits, then finds nothing to do', async () => {
    const db = await database(h.url);
    const [a, b] = await Promise.all([openEngine(serverConfig(h.url, db)), openEngine(serverConfig(h.url, db))]);
    try {
      const [ra, rb] = await Promise.all([migrate(a, DIR), migrate(b, DIR)]);
      const all = readMigrations(DIR).length;
      expect([ra.applied.length, rb.applied.length].sort((x, y) => x - y)).toEqual([0, all]);
      // Every migration recorded once (no FINAL: a second run would show as a second row).
      const [rec] = await a.rows<{ n: number; v: number }>('SELECT count() AS n, uniqExact(version) AS v FROM schema_migrations', {
        tag: 'test'
      });
      expect(rec).toEqual({ n: all, v: all });
      const [lock] = await a.rows<{ n: number }>(
        "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'schema_migrations_lock'",
        { tag: 'test' }
      );
      expect(lock?.n).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

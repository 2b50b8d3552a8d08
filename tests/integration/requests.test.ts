import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

// Every API request gets an id, answered in X-Request-Id and written with each query's tag into
// log_comment, so a slow query found in ClickHouse's query log leads back to its request.
let s: TestServer;

beforeAll(async () => {
  s = await startServer();
  expect((await ingest(s.url, 'crawl', [crawlRow(1, { ts: Date.now() - 3_600_000 })])).status).toBe(200);
});

afterAll(async () => {
  await s?.close();
});

interface Comment {
  tag: string;
  req?: string;
}

/**
 * log_comment as the engine recorded it. A server keeps system.query_log; chDB has none without
 * a server configuration, but applies per-query settings as session SETs, so a query sent with
 * no settings of its own reads the log_comment of the query that ran before it.
 */
async function recorded(req: string, skip: (note: string) => never): Promise<Comment[]> {
  const { engine } = s.app;
  if (engine.kind === 'clickhouse') {
    await engine.command('SYSTEM FLUSH LOGS', { tag: 'test.flush' });
    // The test harness behind CLICKHOUSE_URL is chDB, which keeps no query log, and it returns
    // every setting to its default after each statement: nothing there records what log_comment
    // a query carried. The embedded run and a real server check it; here the headers are checked.
    const [log] = await engine.rows<{ n: number }>(
      "SELECT count() AS n FROM system.tables WHERE database = 'system' AND name = 'query_log'",
      { tag: 'test.query_log_exists' }
    );
    if (Number(log?.n ?? 0) === 0) skip('this ClickHouse endpoint keeps no system.query_log (the chDB test harness)');
    const rows = await engine.rows<{ c: string }>(
      `SELECT DISTINCT log_comment AS c FROM system.query_log WHERE type = 'QueryFinish' AND JSONExtractString(log_comment, 'req') = {req:String}`,
      { tag: 'test.query_log', params: { req } }
    );
    return rows.map((r) => JSON.parse(r.c) as Comment);
  }
  const rs = await engine.client.query({ query: "SELECT getSetting('log_comment') AS c", format: 'JSONEachRow' });
  const [row] = await rs.json<{ c: string }>();
  const last = JSON.parse(row?.c ?? '{}') as Comment;
  return last.req === req ? [last] : [];
}

describe('request ids', () => {
  it("tags a panel's query with the request id the caller sent, and answers it", async ({ skip }) => {
    const res = await fetch(`${s.url}/api/panels/provenance.ai_share`, { headers: { 'x-request-id': 'trace-panel-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-panel-1');
    expect(await recorded('trace-panel-1', skip)).toContainEqual({ tag: 'rest provenance.ai_share', req: 'trace-panel-1' });
  });

  it('makes up an id when the caller sends none or a malformed one, and tags the queries with it', async ({ skip }) => {
    for (const headers of [{} as Record<string, string>, { 'x-request-id': "x'); DROP TABLE crawl_documents; --" }]) {
      const res = await fetch(`${s.url}/api/dimensions/lang`, { headers });
      expect(res.status).toBe(200);
      const id = res.headers.get('x-request-id') ?? '';
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      expect(await recorded(id, skip)).toContainEqual({ tag: 'rest dimensions lang', req: id });
    }
  });

  it('gives a refused request an id too, and leaves queries outside a request without one', async ({ skip }) => {
    const res = await fetch(`${s.url}/api/panels/provenance.ai_share?colour=red`, { headers: { 'x-request-id': 'trace-bad-1' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toBe('trace-bad-1');
    await s.app.engine.rows('SELECT 1 AS one', { tag: 'test.outside' });
    expect(await recorded('trace-bad-1', skip)).toEqual([]);
    if (s.app.engine.kind === 'chdb') {
      const rs = await s.app.engine.client.query({ query: "SELECT getSetting('log_comment') AS c", format: 'JSONEachRow' });
      expect(await rs.json()).toEqual([{ c: '{"tag":"test.outside"}' }]);
    }
  });
});

describe('the query check of the read routes', () => {
  it('refuses unknown parameters on the catalogue and stream counts too, naming them', async () => {
    for (const path of ['/api/panels?colour=red', '/api/streams?colour=red']) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { param: string }).param, path).toBe('colour');
    }
  });

  it('serves the report as a download when asked (?download=1 is one of its parameters)', async () => {
    const res = await fetch(`${s.url}/api/report?panels=provenance.ai_share&download=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="pdo-report-/);
  });
});

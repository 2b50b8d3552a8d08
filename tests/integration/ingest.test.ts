import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlRow, ingest, startServer, streamRows, T0, type TestServer } from '../helpers/server';

const TOKEN = 'ingest-token-for-tests-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
let s: TestServer;

beforeAll(async () => {
  s = await startServer({ env: { INGEST_TOKEN: TOKEN } });
});
afterAll(async () => {
  await s.close();
});

async function rollupDocs(): Promise<number> {
  const [r] = await s.app.engine.rows<{ n: number }>('SELECT sum(docs) AS n FROM crawl_daily', { tag: 'test' });
  return Number(r?.n ?? 0);
}

describe('ingest over HTTP', () => {
  it('accepts a batch of valid rows and reports them in /api/streams', async () => {
    const before = await streamRows(s.url);
    const r = await ingest(
      s.url,
      'crawl',
      Array.from({ length: 50 }, (_, i) => crawlRow(i)),
      auth
    );
    expect(r).toEqual({ status: 200, body: { accepted: 50, stream: 'crawl' } });
    const after = await streamRows(s.url);
    expect(after.crawl).toBe((before.crawl ?? 0) + 50);
    const streams = (await (await fetch(`${s.url}/api/streams`)).json()) as { crawl: { last_ts: string } };
    expect(streams.crawl.last_ts).toBe(new Date(T0 + 49_000).toISOString());
  });

  it('derives domain and tld from the url and applies the documented defaults', async () => {
    await ingest(s.url, 'crawl', [crawlRow(1000, { url: 'https://www.Example.DE/x?y=1' })], auth);
    const [row] = await s.app.engine.rows<Record<string, unknown>>(
      "SELECT domain, tld, crawl_source, detector, simhash, ai_score FROM crawl_documents WHERE url = 'https://www.Example.DE/x?y=1'",
      { tag: 'test' }
    );
    expect(row).toEqual({ domain: 'example.de', tld: 'de', crawl_source: 'unknown', detector: 'none', simhash: 0, ai_score: null });
  });

  it('stores each accepted time format as the instant it names, whether the line is sent as is or rewritten', async () => {
    const forms: [unknown, number][] = [
      ['2025-01-02T04:04:05+01:00', Date.UTC(2025, 0, 2, 3, 4, 5)],
      ['2025-01-02T03:04:05+0000', Date.UTC(2025, 0, 2, 3, 4, 5)],
      ['2025-01-02 03:04:05', Date.UTC(2025, 0, 2, 3, 4, 5)],
      ['2025-01-02T03:04', Date.UTC(2025, 0, 2, 3, 4)],
      ['2025-01-02T03:04:05.123000Z', Date.UTC(2025, 0, 2, 3, 4, 5, 123)],
      ['2025-01-02', Date.UTC(2025, 0, 2)],
      [1735787045123, 1735787045123]
    ];
    for (const [i, [ts, expected]] of forms.entries()) {
      for (const rewrite of [false, true]) {
        const url = `https://times.example/${i}/${rewrite}`;
        // A null crawl_source forces the rewrite path for the same row.
        const row = { ...crawlRow(i), url, ts, ...(rewrite ? { crawl_source: null } : {}) };
        expect((await ingest(s.url, 'crawl', [row], auth)).status).toBe(200);
        const [got] = await s.app.engine.rows<{ ms: number }>(
          'SELECT toUnixTimestamp64Milli(ts) AS ms FROM crawl_documents WHERE url = {url:String}',
          { tag: 'test', params: { url } }
        );
        expect([ts, rewrite, Number(got?.ms)]).toEqual([ts, rewrite, expected]);
      }
    }
  });

  it('accepts every stream in its documented row format', async () => {
    const before = await streamRows(s.url);
    expect(
      (
        await ingest(
          s.url,
          'market',
          [{ ts: '2025-05-01T10:00:00Z', platform: 'p1', category: 'writing', posting_id: 'x1', budget_usd: 120, mentions_ai: true }],
          auth
        )
      ).status
    ).toBe(200);
    expect(
      (
        await ingest(
          s.url,
          'samples',
          [{ ts: T0, model_family: 'opt', model: 'opt-125m', generation: 3, text: 'the cat sat', synthetic_fraction: 1 }],
          auth
        )
      ).status
    ).toBe(200);
    expect(
      (await ingest(s.url, 'training', [{ model: 'Test-LM', published: '2024-04-18', training_tokens: 1.5e13, parameters: 7e10 }], auth))
        .status
    ).toBe(200);
    const after = await streamRows(s.url);
    expect(after.market).toBe((before.market ?? 0) + 1);
    expect(after.samples).toBe((before.samples ?? 0) + 1);
    expect(after.training).toBe((before.training ?? 0) + 1);
  });

  it('takes a gzip-compressed body', async () => {
    const body = gzipSync(Buffer.from([crawlRow(2000), crawlRow(2001)].map((r) => JSON.stringify(r)).join('\n')));
    const res = await fetch(`${s.url}/api/ingest/crawl`, { method: 'POST', body, headers: { ...auth, 'content-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, stream: 'crawl' });
  });
});

describe('bad input gets a 4xx that says what and where, and writes nothing', () => {
  const cases: { name: string; body: string; status: number; line?: number; field?: string; match: RegExp }[] = [
    {
      name: 'malformed JSON',
      body: `${JSON.stringify(crawlRow(1))}\n{"ts": 1,,}\n`,
      status: 400,
      line: 2,
      match: /line 2: malformed JSON/
    },
    { name: 'a line that is not an object', body: `[1,2,3]\n`, status: 400, line: 1, match: /JSON object/ },
    {
      name: 'a wrong type',
      body: `${JSON.stringify(crawlRow(1, { tokens: 'many' }))}\n`,
      status: 400,
      line: 1,
      field: 'tokens',
      match: /tokens must be an integer/
    },
    {
      name: 'an unknown field',
      body: `${JSON.stringify(crawlRow(1, { colour: 'red' }))}\n`,
      status: 400,
      line: 1,
      field: 'colour',
      match: /unknown field "colour"/
    },
    {
      name: 'a missing required field',
      body: `${JSON.stringify({ ...crawlRow(1), lang: undefined })}\n`,
      status: 400,
      line: 1,
      field: 'lang',
      match: /lang/
    },
    {
      name: 'a bad enum value',
      body: `${JSON.stringify(crawlRow(1, { provenance: 'robot' }))}\n`,
      status: 400,
      line: 1,
      field: 'provenance',
      match: /human, ai, mixed, unknown/
    },
    {
      name: 'epoch seconds instead of milliseconds',
      body: `${JSON.stringify(crawlRow(1, { ts: 1_700_000_000 }))}\n`,
      status: 400,
      line: 1,
      field: 'ts',
      match: /1990\.\.2100/
    },
    {
      name: 'one bad line in the middle of a batch',
      body: [
        ...Array.from({ length: 40 }, (_, i) => JSON.stringify(crawlRow(i))),
        JSON.stringify(crawlRow(40, { ai_score: 7 })),
        ...Array.from({ length: 40 }, (_, i) => JSON.stringify(crawlRow(41 + i)))
      ].join('\n'),
      status: 400,
      line: 41,
      field: 'ai_score',
      match: /line 41: ai_score must be a number from 0 to 1/
    },
    { name: 'an empty body', body: '\n\n', status: 400, match: /no rows/ }
  ];

  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      const before = await streamRows(s.url);
      const beforeRollup = await rollupDocs();
      const r = await ingest(s.url, 'crawl', c.body, auth);
      expect(r.status).toBe(c.status);
      expect(String(r.body.error)).toMatch(c.match);
      if (c.line !== undefined) expect(r.body.line).toBe(c.line);
      if (c.field !== undefined) expect(r.body.field).toBe(c.field);
      expect(await streamRows(s.url)).toEqual(before);
      expect(await rollupDocs()).toBe(beforeRollup);
    });
  }

  it('refuses a missing or wrong token with 401', async () => {
    const before = await streamRows(s.url);
    expect((await ingest(s.url, 'crawl', [crawlRow(1)])).status).toBe(401);
    const wrong = await ingest(s.url, 'crawl', [crawlRow(1)], { authorization: 'Bearer not-the-token-at-all-000' });
    expect(wrong.status).toBe(401);
    expect(String(wrong.body.error)).toMatch(/INGEST_TOKEN/);
    expect(await streamRows(s.url)).toEqual(before);
  });

  it('refuses an oversized body with 413 before reading it', async () => {
    const before = await streamRows(s.url);
    const res = await fetch(`${s.url}/api/ingest/crawl`, {
      method: 'POST',
      headers: { ...auth, 'content-length': String(200 * 1024 * 1024) },
      body: 'x'.repeat(10),
      duplex: 'half'
    } as RequestInit).catch(() => null);
    // Some fetch implementations refuse a mismatched Content-Length themselves; the chunked
    // case below is the one that always reaches the server.
    if (res) expect(res.status).toBe(413);
    const big = new ReadableStream<Uint8Array>({
      start(ctrl) {
        const line = new TextEncoder().encode(JSON.stringify(crawlRow(1)) + '\n');
        const chunk = new Uint8Array(line.length * 10_000);
        for (let i = 0; i < 10_000; i++) chunk.set(line, i * line.length);
        for (let i = 0; i < 100; i++) ctrl.enqueue(chunk);
        ctrl.close();
      }
    });
    const chunked = await fetch(`${s.url}/api/ingest/crawl`, { method: 'POST', headers: auth, body: big, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: string }).error).toMatch(/larger than the limit/);
    expect(await streamRows(s.url)).toEqual(before);
  });

  it('answers 404 for an unknown stream, naming the streams', async () => {
    const r = await ingest(s.url, 'tweets', [crawlRow(1)], auth);
    expect(r.status).toBe(404);
    expect(String(r.body.error)).toMatch(/crawl, market, samples, training/);
  });
});

describe('Idempotency-Key', () => {
  it('makes a retry a no-op in the raw table and the rollups', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => crawlRow(5000 + i));
    const before = await streamRows(s.url);
    const beforeRollup = await rollupDocs();
    const first = await ingest(s.url, 'crawl', rows, { ...auth, 'idempotency-key': 'batch-0001' });
    const retry = await ingest(s.url, 'crawl', rows, { ...auth, 'idempotency-key': 'batch-0001' });
    expect(first.body).toEqual({ accepted: 25, stream: 'crawl' });
    expect(retry.body).toEqual({ accepted: 25, stream: 'crawl', replayed: true });
    expect((await streamRows(s.url)).crawl).toBe((before.crawl ?? 0) + 25);
    expect(await rollupDocs()).toBe(beforeRollup + 25);
  });

  it('deduplicates in ClickHouse too when the first attempt was written but not recorded', async () => {
    // Simulates a crash between the insert and the idempotency record: the record is removed,
    // so the retry reaches the insert, where the deduplication token must drop it.
    const rows = Array.from({ length: 10 }, (_, i) => crawlRow(6000 + i));
    const before = await streamRows(s.url);
    const beforeRollup = await rollupDocs();
    await ingest(s.url, 'crawl', rows, { ...auth, 'idempotency-key': 'crash-between' });
    await s.app.engine.command("DELETE FROM ingest_requests WHERE idempotency_key = 'crash-between'", { tag: 'test' });
    const retry = await ingest(s.url, 'crawl', rows, { ...auth, 'idempotency-key': 'crash-between' });
    expect(retry.status).toBe(200);
    expect((await streamRows(s.url)).crawl).toBe((before.crawl ?? 0) + 10);
    expect(await rollupDocs()).toBe(beforeRollup + 10);
  });

  it('counts accepted rows in /metrics once, not again for a replay', async () => {
    const count = async () =>
      Number(/pdo_ingested_rows_total\{stream="crawl"\} (\d+)/.exec(await (await fetch(`${s.url}/metrics`)).text())?.[1] ?? 0);
    const before = await count();
    const rows = Array.from({ length: 7 }, (_, i) => crawlRow(9000 + i));
    await ingest(s.url, 'crawl', rows, { ...auth, 'idempotency-key': 'metrics-once' });
    await ingest(s.url, 'crawl', rows, { ...auth, 'idempotency-key': 'metrics-once' });
    expect(await count()).toBe(before + 7);
  });

  it('rejects a key reused for a different body with 422', async () => {
    await ingest(s.url, 'crawl', [crawlRow(7000)], { ...auth, 'idempotency-key': 'reused' });
    const before = await streamRows(s.url);
    const r = await ingest(s.url, 'crawl', [crawlRow(7001)], { ...auth, 'idempotency-key': 'reused' });
    expect(r.status).toBe(422);
    expect(r.body.field).toBe('Idempotency-Key');
    expect(await streamRows(s.url)).toEqual(before);
  });

  it('without a key, the same rows sent twice are two batches', async () => {
    const rows = [crawlRow(8000)];
    const before = await streamRows(s.url);
    await ingest(s.url, 'crawl', rows, auth);
    await ingest(s.url, 'crawl', rows, auth);
    expect((await streamRows(s.url)).crawl).toBe((before.crawl ?? 0) + 2);
  });
});

describe('training runs', () => {
  it('keeps one row per model when a newer import updates it', async () => {
    const row = { model: 'Dup-LM', published: '2024-01-01', training_tokens: 1e12 };
    await ingest(s.url, 'training', [row], auth);
    await ingest(s.url, 'training', [{ ...row, training_tokens: 2e12, published: '2024-02-01' }], auth);
    const rows = await s.app.engine.rows<{ training_tokens: number; published: string }>(
      "SELECT training_tokens, published FROM training_runs FINAL WHERE model = 'Dup-LM'",
      { tag: 'test' }
    );
    expect(rows).toEqual([{ training_tokens: 2e12, published: '2024-02-01' }]);
  });
});

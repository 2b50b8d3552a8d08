// Hostile input over every ingest and read endpoint and the socket handlers: a corpus with every
// reproduction from the hostile-input probe, then generated cases (fast-check, fixed seed so a
// failure replays). Each answer must be below 500, a refusal must say what and where, and a
// refused ingest must leave every table as it was. HOSTILE_SCALE multiplies the generated runs
// (npm run bench -- fuzz); HOSTILE_REPORT names a file for the tallies.
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PANEL_IDS } from '../../src/lib/contract/panels';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from '../../src/lib/contract/socket';
import { STREAMS } from '../../src/lib/contract/streams';
import { expectSound, request, rowCounts, Tally } from '../hostile/check';
import {
  forecastQuery,
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  IMPOSSIBLE_BOUNDS,
  IMPOSSIBLE_SERIES_DATES,
  ingestCase,
  OUT_OF_RANGE_BOUNDS,
  pathSegment,
  queryString,
  socketPayload,
  spell,
  validRow
} from '../hostile/values';
import { startServer, type TestServer } from '../helpers/server';

const INGEST = 'ingest-token-for-hostile-tests-01';
const READ = 'read-token-for-hostile-tests-0123';
const write = { authorization: `Bearer ${INGEST}` };
const read = { authorization: `Bearer ${READ}` };
const SCALE = Number(process.env.HOSTILE_SCALE ?? 1);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261130);
const runs = (n: number) => ({ numRuns: Math.round(n * SCALE), seed: SEED, endOnFailure: true });
// Generated runs take tens of seconds on a quiet 2-core machine; the limit leaves room for a busy one.
const LONG = { timeout: 300_000 * SCALE };
const tally = new Tally();
let s: TestServer;

beforeAll(async () => {
  s = await startServer({
    env: { INGEST_TOKEN: INGEST, READ_TOKEN: READ },
    app: { socketLimits: { messagesPerSecond: 100_000, messageBurst: 200_000 } }
  });
  for (const stream of STREAMS) {
    const body = Array.from({ length: 5 }, (_, i) => JSON.stringify(validRow(stream, 900_000 + i))).join('\n');
    expect((await ingest(stream, body)).status).toBe(200);
  }
});
afterAll(async () => {
  if (process.env.HOSTILE_REPORT)
    writeFileSync(process.env.HOSTILE_REPORT, JSON.stringify({ cases: tally.cases, by_status: tally }, null, 2));
  await s.close();
});

function ingest(stream: string, body: string | Buffer, headers: Record<string, string> = write) {
  return request(`${s.url}/api/ingest/${stream}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers
  });
}

async function get(path: string, what: string, opts: { param?: boolean } = { param: true }) {
  const o = expectSound(await request(`${s.url}${path}`, { headers: read }), what, opts);
  tally.add(o.status);
  return o;
}

/** Sends a body; a refusal must name its line and leave every table as it was. */
async function hostileIngest(stream: string, body: string | Buffer, what: string) {
  const before = await rowCounts(s.app.engine);
  const o = expectSound(await ingest(stream, body), what, { rowProblem: true });
  tally.add(o.status);
  const after = await rowCounts(s.app.engine);
  if (o.status === 200) {
    if (!(typeof o.body?.accepted === 'number' && o.body.accepted > 0)) throw new Error(`200 without rows for ${what}`);
  } else if (after !== before) {
    throw new Error(`a refused body changed stored rows\n  case: ${what}\n  before: ${before}\n  after:  ${after}`);
  }
  return o;
}

const base = JSON.stringify(validRow('crawl', 1));

describe('the reproductions', () => {
  it('answers out-of-range time bounds with a 400 naming the parameter, on every panel and dimension', async () => {
    for (const [param, value] of OUT_OF_RANGE_BOUNDS) {
      for (const id of PANEL_IDS) {
        const o = await get(`/api/panels/${id}?${param}=${encodeURIComponent(value)}`, `${id} ${param}=${value}`);
        expect([id, param, value, o.status, o.body?.param]).toEqual([id, param, value, 400, param]);
      }
      const o = await get(`/api/dimensions/lang?${param}=${encodeURIComponent(value)}`, `dimensions ${param}=${value}`);
      expect([param, value, o.status, o.body?.param]).toEqual([param, value, 400, param]);
    }
  });

  it('refuses each body the engine would refuse, naming line and field, whatever the spacing', async () => {
    const bad: [string, string, string | undefined][] = [
      ['lone surrogate', base.replace('"https://fuzz.example/1"', '"https://fuzz.example/\\ud800"') + '\n', 'url'],
      ['no-break space line', `${base}\n\u00a0\n`, undefined],
      ['U+2028 line', `${base}\n\u2028\n`, undefined],
      ['lone BOM line', `${base}\n\ufeff\n`, undefined],
      ['duplicate key', base.replace('{', '{"tokens":7,') + '\n', 'tokens'],
      ['escaped duplicate key', base.replace('{', '{"t\\u0073":"2025-05-01T00:00:00Z",') + '\n', 'ts'],
      ['date that does not exist', base.replace(/"ts":\d+/, '"ts":"2024-02-30"') + '\n', 'ts']
    ];
    for (const [what, body, field] of bad) {
      for (const spaced of [false, true]) {
        const text = spaced ? body.replace(/,"/g, ', "').replace(/":/g, '": ') : body;
        const o = await hostileIngest('crawl', text, `${what} ${spaced ? 'spaced' : 'compact'}`);
        expect([what, spaced, o.status, typeof o.body?.line, o.body?.field]).toEqual([what, spaced, 400, 'number', field]);
      }
    }
  });

  it('checks auth before the path, then answers malformed percent-encoding with a 400 naming the segment', async () => {
    const cases: [string, string, string][] = [
      ['POST', '/api/ingest/%ff', 'stream'],
      ['GET', '/api/panels/%E0%A4%A', 'id'],
      ['GET', '/api/dimensions/%ff', 'name']
    ];
    for (const [method, path, param] of cases) {
      const body = method === 'POST' ? base : undefined;
      const anonymous = await request(`${s.url}${path}`, { method, ...(body ? { body } : {}) });
      expect([path, anonymous.status]).toEqual([path, 401]);
      const o = expectSound(
        await request(`${s.url}${path}`, { method, ...(body ? { body } : {}), headers: method === 'POST' ? write : read }),
        path
      );
      tally.add(o.status);
      expect([path, o.status, o.body?.param]).toEqual([path, 400, param]);
    }
  });

  it('refuses rows nested 10,000 and 100,000 deep with a 400 naming line and field, in any field', async () => {
    for (const depth of [10_000, 100_000]) {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      const deepObject = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const cases: [string, string, string][] = [
        ['crawl', base.replace('"https://fuzz.example/1"', deep), 'url'],
        ['crawl', base.replace('{', `{"extra":${deepObject},`), 'extra'],
        ['crawl', base.replace('{', `{"extra":"\\ud800${'x'.repeat(10)}", "more":${deep},`), 'extra'],
        [
          'series',
          JSON.stringify({ ...(validRow('series', 1) as object), labels: {} }).replace('"labels":{}', `"labels":${deepObject}`),
          'labels.a'
        ]
      ];
      for (const [stream, line, field] of cases) {
        const o = await hostileIngest(stream, line + '\n', `${stream} ${field} nested ${depth} deep`);
        expect([depth, field, o.status, o.body?.line, o.body?.field]).toEqual([depth, field, 400, 1, field]);
      }
    }
  });

  it('refuses impossible series dates and sub-millisecond times at ingest, naming the field', async () => {
    for (const date of IMPOSSIBLE_SERIES_DATES) {
      const o = await hostileIngest(
        'series',
        JSON.stringify({ ...(validRow('series', 7) as object), date }) + '\n',
        `series.date ${String(date)}`
      );
      expect([date, o.status, o.body?.field]).toEqual([date, 400, 'date']);
    }
    const subMs = base.replace(/"ts":\d+/, '"ts":"2025-05-01T12:00:00.1234Z"');
    const o = await hostileIngest('crawl', subMs + '\n', 'ts with digits below a millisecond');
    expect([o.status, o.body?.field]).toEqual([400, 'ts']);
    // Zeros below the millisecond change nothing: accepted, and stored as the same instant.
    const exact = base.replace(/"ts":\d+/, '"ts":"2025-05-01T12:00:00.123000Z"').replace('fuzz.example/1"', 'fuzz.example/exact-ms"');
    expect((await hostileIngest('crawl', exact + '\n', 'ts with zeros below a millisecond')).status).toBe(200);
    const [stored] = await s.app.engine.rows<{ ts: string }>(
      `SELECT toString(ts) AS ts FROM crawl_documents WHERE url = 'https://fuzz.example/exact-ms'`,
      { tag: 'test.hostile.exact-ms' }
    );
    expect(stored?.ts).toBe('2025-05-01 12:00:00.123');
  });

  it('answers impossible dates in time bounds with a 400 naming the parameter: panels, CSV, dimensions, report, socket', async () => {
    const c: Socket<ServerToClientEvents, ClientToServerEvents> = connect(s.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: READ }
    });
    await new Promise<void>((resolve, reject) => {
      c.once('connect', resolve);
      c.once('connect_error', reject);
    });
    try {
      for (const [param, value] of IMPOSSIBLE_BOUNDS) {
        const q = `${param}=${encodeURIComponent(value)}`;
        for (const path of [
          `/api/panels/provenance.ai_share?${q}`,
          `/api/panels/provenance.ai_share?format=csv&${q}`,
          `/api/dimensions/lang?${q}`,
          `/api/report.json?${q}`
        ]) {
          const o = await get(path, path);
          expect([path, o.status, o.body?.param]).toEqual([path, 400, param]);
        }
        const ack = await c.timeout(10_000).emitWithAck('subscribe', { panel: 'provenance.ai_share', filters: { [param]: value } });
        expect([value, 'error' in ack ? ack.error : ack]).toEqual([value, expect.stringContaining(param)]);
      }
    } finally {
      c.close();
    }
  });

  it('answers malformed %-escapes in filter values with a 400 naming the parameter, not an empty 200', async () => {
    for (const [name, raw] of [
      ['lang', '%ff'],
      ['domain', '%E0%A4%A'],
      ['model', 'a%C3'],
      ['from', '%ED%A0%80']
    ]) {
      for (const path of [
        `/api/panels/provenance.ai_share?${name}=${raw}`,
        `/api/dimensions/lang?${name}=${raw}`,
        `/api/report.json?${name}=${raw}`
      ]) {
        const o = await get(path, path);
        expect([path, o.status, o.body?.param]).toEqual([path, 400, name]);
      }
    }
  });

  it('answers a report with an out-of-range bound with a 400 naming it, as a panel does', async () => {
    for (const [param, value] of OUT_OF_RANGE_BOUNDS) {
      const o = await get(`/api/report.json?${param}=${encodeURIComponent(value)}`, `report ${param}=${value}`);
      expect([param, value, o.status, o.body?.param]).toEqual([param, value, 400, param]);
    }
  });

  it('exports cells a spreadsheet would run as formulas as text', async () => {
    const formula = '=HYPERLINK("http://evil.example","x")';
    const rows = [
      { model: formula, organization: '@SUM(A1)', published: '2024-03-01', training_tokens: 3e12, source: '+cmd' },
      { model: 'plain-model', organization: '-2+3', published: '2024-04-01', training_tokens: 4e12 }
    ];
    const o = await hostileIngest('training', rows.map((r) => JSON.stringify(r)).join('\n'), 'formula cells');
    expect(o.status).toBe(200);
    const csv = await get('/api/panels/training.dataset_sizes?format=csv&from=2024-01-01&to=2024-12-31', 'csv export');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csv.text).toContain('"\'@SUM(A1)"');
    expect(csv.text).toContain('"\'-2+3"');
    expect(csv.text).toContain('"\'+cmd"');
    expect(csv.text).not.toMatch(/(^|,)"[=+@-]/m);
    // JSON is data, not a spreadsheet: it keeps the value as stored.
    const json = await get('/api/panels/training.dataset_sizes?from=2024-01-01&to=2024-12-31', 'json export');
    expect(JSON.stringify(json.body)).toContain(JSON.stringify(formula).slice(1, -1));
  });
});

describe('generated hostile input', () => {
  it('ingest: never a 5xx, a refusal names the line, refused bodies change nothing', LONG, async () => {
    await fc.assert(
      fc.asyncProperty(ingestCase, async (c) => {
        await hostileIngest(c.stream, c.body, c.label);
      }),
      runs(350)
    );
  });

  it('ingest: a row is accepted or refused the same way, and stored the same, however it is spelled', LONG, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('crawl', 'market', 'samples' as const),
        fc.dictionary(
          fc.constantFrom('ts', 'tokens', 'lang', 'bids', 'budget_usd', 'generation', 'ai_score', 'simhash', 'crawl_source'),
          fc.oneof(fc.jsonValue({ maxDepth: 0 }), fc.constantFrom<unknown>(...HOSTILE_STRINGS, ...HOSTILE_NUMBERS)),
          { maxKeys: 2 }
        ),
        async (stream, over) => {
          const answers: string[] = [];
          const i = 2_000_000 + n++;
          for (const how of ['compact', 'spaced', 'escaped'] as const) {
            // The same row each time but for a marker where the stream has one.
            const row = { ...validRow(stream, i), ...over, ...(stream === 'market' ? { posting_id: `fz-${i}-${how}` } : {}) };
            const o = await hostileIngest(stream, spell(row, how) + '\n', `${stream} ${how} ${JSON.stringify(over)}`);
            answers.push(o.status === 200 ? '200' : `${o.status} ${String(o.body?.field)}`);
          }
          if (new Set(answers).size !== 1)
            throw new Error(`spelling changed the answer for ${stream} ${JSON.stringify(over)}: ${answers.join(' | ')}`);
        }
      ),
      runs(60)
    );
    // Stored values agree too: the market rows differ only in posting_id.
    const stored = await s.app.engine.rows<{ n: number }>(
      `SELECT count() AS n FROM (SELECT ts, platform, category, region, budget_usd, hourly, bids, mentions_ai, status, count() AS c
       FROM market_postings WHERE posting_id LIKE 'fz-2%' GROUP BY ALL HAVING c % 3 != 0)`,
      { tag: 'test' }
    );
    expect(Number(stored[0]?.n)).toBe(0);
  });

  it('panels: any id and query string, in every format', LONG, async () => {
    await fc.assert(
      fc.asyncProperty(pathSegment, queryString, fc.constantFrom('', 'json', 'csv', 'parquet'), async (id, q, format) => {
        const query = [q, format ? `format=${format}` : ''].filter(Boolean).join('&');
        await get(`/api/panels/${id}?${query}`, `panels ${id}?${query}`);
      }),
      runs(260)
    );
  });

  it('dimensions and forecast: any name and query string', LONG, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom('lang', 'domain', 'model', 'category'), pathSegment), queryString, async (name, q) => {
        await get(`/api/dimensions/${name}?${q}`, `dimensions ${name}?${q}`);
      }),
      runs(90)
    );
    await fc.assert(
      fc.asyncProperty(forecastQuery, async (q) => {
        await get(`/api/forecast?${q}`, `forecast ?${q}`);
      }),
      runs(60)
    );
    await fc.assert(
      fc.asyncProperty(queryString, async (q) => {
        await get(`/api/report.json?${q}`, `report ?${q}`);
      }),
      runs(10)
    );
  });

  it('sockets: any subscribe or unsubscribe payload gets a key or an error, and the connection stays up', LONG, async () => {
    const c: Socket<ServerToClientEvents, ClientToServerEvents> = connect(s.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: READ }
    });
    await new Promise<void>((resolve, reject) => {
      c.once('connect', resolve);
      c.once('connect_error', reject);
    });
    const untyped = c as unknown as { timeout(ms: number): { emitWithAck(ev: string, ...a: unknown[]): Promise<unknown> } };
    try {
      await fc.assert(
        fc.asyncProperty(socketPayload, fc.boolean(), async (payload, unsubscribe) => {
          const ack = (await untyped.timeout(10_000).emitWithAck(unsubscribe ? 'unsubscribe' : 'subscribe', payload)) as
            SubscribeAck | { ok: true };
          tally.add(0);
          const ok =
            typeof ack === 'object' &&
            ack !== null &&
            ('key' in ack
              ? typeof ack.key === 'string'
              : 'error' in ack
                ? typeof ack.error === 'string' && ack.error.length > 8
                : 'ok' in ack);
          if (!ok) throw new Error(`socket answer ${JSON.stringify(ack)} for ${JSON.stringify(payload)}`);
          if ('key' in ack) await untyped.timeout(10_000).emitWithAck('unsubscribe', { key: ack.key });
          if (!c.connected) throw new Error(`connection lost after ${JSON.stringify(payload)}`);
        }),
        runs(160)
      );
      const ack = (await untyped.timeout(10_000).emitWithAck('subscribe', { panel: 'provenance.ai_share', filters: {} })) as SubscribeAck;
      expect('key' in ack).toBe(true);
    } finally {
      c.close();
    }
  });
});

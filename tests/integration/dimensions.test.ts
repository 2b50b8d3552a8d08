import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../src/lib/contract/filters';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

const READ = 'read-token-for-dimension-tests-0123';
const DAY = 86_400_000;
const NOW = Date.now();
let s: TestServer;

interface Answer {
  dimension: string;
  values: { value: string; count: number }[];
}

beforeAll(async () => {
  s = await startServer({ env: { READ_TOKEN: READ } });
  // Ten days ago: 6 documents on alpha (en), 3 on beta (de), 1 on Alpine (fr, sitemap).
  const docs = [
    ...Array.from({ length: 6 }, (_, i) => crawlRow(i, { ts: NOW - 10 * DAY + i, url: `https://www.alpha-example.org/${i}`, lang: 'en' })),
    ...Array.from({ length: 3 }, (_, i) => crawlRow(10 + i, { ts: NOW - 10 * DAY + i, url: `https://beta-example.com/${i}`, lang: 'de' })),
    crawlRow(20, { ts: NOW - 10 * DAY, url: 'https://alpine-example.net/x', lang: 'fr', crawl_source: 'sitemap', detector: 'watermark' }),
    // Two years ago: only a long window sees it.
    crawlRow(30, { ts: NOW - 730 * DAY, url: 'https://old-example.org/x', lang: 'la' })
  ];
  expect((await ingest(s.url, 'crawl', docs)).status).toBe(200);
  const postings = [
    { category: 'writing', platform: 'uw', region: 'europe' },
    { category: 'writing', platform: 'uw', region: 'europe' },
    { category: 'coding', platform: 'fl', region: 'latam' }
  ].map((p, i) => ({ ts: NOW - 5 * DAY, posting_id: `d${i}`, ...p }));
  expect((await ingest(s.url, 'market', postings)).status).toBe(200);
  const samples = [0, 1, 2].map((g) => ({
    ts: NOW - 2 * DAY,
    model_family: 'opt',
    model: g < 2 ? 'opt-125m' : 'opt-350m',
    generation: g,
    text: 'a b c'
  }));
  expect((await ingest(s.url, 'samples', samples)).status).toBe(200);
});
afterAll(async () => {
  await s.close();
});

async function get(path: string, token: string | null = READ) {
  const res = await fetch(`${s.url}/api/dimensions/${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: (await res.json()) as Answer & { error?: string; param?: string } };
}

describe('GET /api/dimensions/:name', () => {
  it('lists the values of a crawl dimension in the window, most frequent first', async () => {
    const r = await get('domain');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      dimension: 'domain',
      values: [
        { value: 'alpha-example.org', count: 6 },
        { value: 'beta-example.com', count: 3 },
        { value: 'alpine-example.net', count: 1 }
      ]
    });
    expect((await get('lang')).body.values.map((v) => v.value)).toEqual(['en', 'de', 'fr']);
    expect((await get('tld')).body.values).toEqual([
      { value: 'org', count: 6 },
      { value: 'com', count: 3 },
      { value: 'net', count: 1 }
    ]);
    expect((await get('content_type')).body.values).toEqual([{ value: 'article', count: 10 }]);
    expect((await get('crawl_source')).body.values).toEqual([
      { value: 'unknown', count: 9 },
      { value: 'sitemap', count: 1 }
    ]);
    expect((await get('detector')).body.values.map((v) => v.value)).toEqual(['none', 'watermark']);
  });

  it('reads market and model dimensions from their own tables', async () => {
    expect((await get('category')).body.values).toEqual([
      { value: 'writing', count: 2 },
      { value: 'coding', count: 1 }
    ]);
    expect((await get('platform')).body.values.map((v) => v.value)).toEqual(['uw', 'fl']);
    expect((await get('region')).body.values.map((v) => v.value)).toEqual(['europe', 'latam']);
    expect((await get('model_family')).body.values).toEqual([{ value: 'opt', count: 3 }]);
    expect((await get('model')).body.values).toEqual([
      { value: 'opt-125m', count: 2 },
      { value: 'opt-350m', count: 1 }
    ]);
  });

  it('takes a window, a case-insensitive prefix and a limit', async () => {
    expect((await get('lang?from=now-3y')).body.values.map((v) => v.value)).toEqual(['en', 'de', 'fr', 'la']);
    expect((await get('domain?from=now-3y')).body.values.map((v) => v.value)).toContain('old-example.org');
    expect((await get('lang?from=now-5d')).body.values).toEqual([]);
    expect((await get('domain?q=ALP')).body.values.map((v) => v.value)).toEqual(['alpha-example.org', 'alpine-example.net']);
    expect((await get('domain?q=alpi&limit=1')).body.values).toEqual([{ value: 'alpine-example.net', count: 1 }]);
    expect((await get('domain?limit=2')).body.values).toHaveLength(2);
    expect((await get('domain?limit=500')).body.values).toHaveLength(3);
    // A hostile prefix is a bound value: nothing matches, nothing breaks.
    expect((await get(`domain?q=${encodeURIComponent("a' OR 1=1 --")}`)).body.values).toEqual([]);
  });

  it('answers 400 naming the parameter, 404 for an unknown dimension, 401 without the token', async () => {
    for (const [query, param] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=5;DROP', 'limit'],
      ['from=yesterday', 'from'],
      ['from=now-1d;DROP', 'from'],
      ['to=2024-13-01', 'to'],
      ['from=now&to=now-1d', 'from'],
      ['q=', 'q'],
      ['q=a&q=b', 'q'],
      ['colour=red', 'colour']
    ]) {
      const r = await get(`domain?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.param, query).toBe(param);
    }
    const unknown = await get('provenance');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain(DIMENSIONS.join(', '));
    expect((await get(encodeURIComponent("lang' OR 1=1"))).status).toBe(404);
    expect((await get('lang', null)).status).toBe(401);
    expect((await get(`lang?access_token=${READ}`, null)).status).toBe(200);
  });
});

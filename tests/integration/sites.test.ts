// One meaning for crawl_documents' domain and tld, whichever path a document comes in by: the
// same URL sent as an NDJSON row and as a WET record is stored with the same registrable domain
// and public suffix. And what ingest does with a row whose domain or tld disagrees with its URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, startServer, type TestServer } from '../helpers/server';
import { warcFile, warcinfo, warcRecord } from '../helpers/warc';

let s: TestServer;

beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s?.close();
});

const TEXT = 'The cat sat on the mat and looked out of the window at the rain for a long time.';

/** URL → the site both paths must store, worked out from the Public Suffix List by hand. */
const CASES: [url: string, domain: string, tld: string][] = [
  ['https://news.bbc.co.uk/a', 'bbc.co.uk', 'co.uk'],
  ['https://www.example.org/a', 'example.org', 'org'],
  // The list's private section counts: each user's pages are their own site.
  ['https://alice.github.io/a', 'alice.github.io', 'github.io'],
  // A host that is itself a public suffix stands for itself.
  ['https://github.io/a', 'github.io', 'github.io'],
  ['http://192.0.2.7/a', '192.0.2.7', 'ip'],
  ['http://[2001:db8::1]/a', '2001:db8::1', 'ip'],
  // One site whether the URL spells its name in Unicode or in punycode.
  ['https://www.bücher.de/a', 'xn--bcher-kva.de', 'de'],
  ['https://shop.xn--bcher-kva.de/a', 'xn--bcher-kva.de', 'de'],
  ['https://пример.рф/a', 'xn--e1afmkfd.xn--p1ai', 'xn--p1ai']
];

async function stored(source: string): Promise<Map<string, { domain: string; tld: string }>> {
  const rows = await s.app.engine.rows<{ url: string; domain: string; tld: string }>(
    'SELECT url, domain, tld FROM crawl_documents WHERE crawl_source = {source:String}',
    { tag: 'test', params: { source } }
  );
  return new Map(rows.map((r) => [r.url, { domain: r.domain, tld: r.tld }]));
}

describe('domain and tld', () => {
  it('are the same registrable domain and public suffix for a URL sent as NDJSON and in a WET file', async () => {
    const ndjson = CASES.map(([url], i) => ({
      ts: Date.UTC(2025, 0, 1) + i,
      url,
      lang: 'en',
      content_type: 'text/plain',
      tokens: 10,
      provenance: 'unknown',
      crawl_source: 'ndjson-path'
    }));
    expect((await ingest(s.url, 'crawl', ndjson)).status).toBe(200);
    const wet = warcFile([warcinfo('wet-path'), ...CASES.map(([url]) => warcRecord({ url, lang: 'eng', body: TEXT }))]);
    const res = await fetch(`${s.url}/api/ingest/warc`, { method: 'POST', body: new Uint8Array(wet) });
    expect(await res.json()).toMatchObject({ accepted: CASES.length });

    const [fromNdjson, fromWet] = [await stored('ndjson-path'), await stored('wet-path')];
    for (const [url, domain, tld] of CASES) {
      expect(fromNdjson.get(url), `NDJSON ${url}`).toEqual({ domain, tld });
      expect(fromWet.get(url), `WET ${url}`).toEqual({ domain, tld });
    }
  });

  it('take a sent domain that is the URL host or a parent down to its registrable domain, and store the site', async () => {
    const base = {
      ts: Date.UTC(2025, 0, 2),
      lang: 'en',
      content_type: 'article',
      tokens: 1,
      provenance: 'human',
      crawl_source: 'sent-fields'
    };
    const rows = [
      { ...base, url: 'https://news.bbc.co.uk/1', domain: 'news.bbc.co.uk', tld: 'uk' },
      { ...base, url: 'https://news.bbc.co.uk/2', domain: 'BBC.co.uk', tld: 'co.uk' },
      // Without a host in the URL the domain sent is the site's source.
      { ...base, url: 'urn:x-feed:item-3', domain: 'live.example.co.uk' }
    ];
    expect((await ingest(s.url, 'crawl', rows)).status).toBe(200);
    const got = await stored('sent-fields');
    expect(got.get('https://news.bbc.co.uk/1')).toEqual({ domain: 'bbc.co.uk', tld: 'co.uk' });
    expect(got.get('https://news.bbc.co.uk/2')).toEqual({ domain: 'bbc.co.uk', tld: 'co.uk' });
    expect(got.get('urn:x-feed:item-3')).toEqual({ domain: 'example.co.uk', tld: 'co.uk' });
  });

  it('refuse a row whose domain or tld names another site than its URL, with the line and field, writing nothing', async () => {
    const base = {
      ts: Date.UTC(2025, 0, 3),
      lang: 'en',
      content_type: 'article',
      tokens: 1,
      provenance: 'human',
      crawl_source: 'disagree'
    };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ url: 'https://news.bbc.co.uk/1', domain: 'cnn.com' }, 'domain', /not the url's host news\.bbc\.co\.uk .* bbc\.co\.uk/],
      // The public suffix alone is no site of this URL.
      [{ url: 'https://news.bbc.co.uk/1', domain: 'co.uk' }, 'domain', /registrable domain bbc\.co\.uk/],
      [{ url: 'https://news.bbc.co.uk/1', tld: 'com' }, 'tld', /tld "com" is not the public suffix of bbc\.co\.uk \(co\.uk\)/]
    ];
    for (const [over, field, message] of cases) {
      const r = await ingest(s.url, 'crawl', [
        { ...base, url: 'https://ok.example.org/', domain: undefined },
        { ...base, ...over }
      ]);
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.body).toMatchObject({ line: 2, field });
      expect(String(r.body.error)).toMatch(message);
    }
    expect((await stored('disagree')).size).toBe(0);
  });
});

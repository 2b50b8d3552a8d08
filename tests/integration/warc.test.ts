// POST /api/ingest/warc against a real server and engine: WET and WARC bodies the test writes
// itself become crawl rows; a record is written once however often it is sent; a broken record
// refuses the body and names it; the marker-word panel's excess matches a hand computation.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanelData } from '../../src/lib/contract/socket';
import { MARKER_WINDOW_WORDS, markerGroup } from '../../server/warc/markers';
import { startClockedServer } from '../helpers/clocked-server';
import { ManualClock } from '../helpers/manual-clock';
import type { TestServer } from '../helpers/server';
import { responseRecord, warcFile, warcinfo, warcRecord } from '../helpers/warc';

const TOKEN = 'warc-test-token-0123456789';
const DIRTY_DELAY = 25;
// Live refreshes run on this clock: each is an explicit step, and no timer refresh stands in
// for one a write should have caused.
const clock = new ManualClock(Date.now());
let s: TestServer;

beforeAll(async () => {
  s = await startClockedServer(clock, { dirtyDelayMs: DIRTY_DELAY, env: { INGEST_TOKEN: TOKEN } });
});

afterAll(async () => {
  await s?.close();
});

async function post(body: Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/api/ingest/warc`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': 'application/warc', authorization: `Bearer ${TOKEN}`, ...headers }
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function query<T>(sql: string): Promise<T[]> {
  return s.app.engine.rows<T>(sql, { tag: 'test' });
}

async function count(sql: string): Promise<number> {
  const r = await query<{ n: number }>(sql);
  return Number(r[0]?.n ?? -1);
}

const ENGLISH = 'The cat sat on the mat and looked out of the window at the rain for a long time.';
const GERMAN = 'Die Katze sitzt auf der Matte und schaut lange aus dem Fenster in den Regen hinaus.';
/** `n` words of English no marker group holds. */
const words = (n: number) => Array.from({ length: n }, (_, i) => ['the', 'cat', 'sat', 'on', 'a', 'mat'][i % 6]).join(' ');
/** An English document as long as the marker window (200 words) and then some. */
const LONG_ENGLISH = `${ENGLISH} ${words(MARKER_WINDOW_WORDS)}`;

describe('POST /api/ingest/warc', () => {
  it('turns WET records into crawl rows: time, url, registrable domain, public suffix, language, tokens', async () => {
    const text = `${ENGLISH} We delve into it.`;
    const file = warcFile([
      warcinfo('CC-MAIN-2024-10'),
      warcRecord({
        id: '<urn:uuid:wet-1>',
        url: 'https://www.bbc.co.uk/news/1',
        date: '2024-03-05T10:00:00Z',
        lang: 'eng,fra',
        body: text
      }),
      warcRecord({ id: '<urn:uuid:wet-2>', url: 'https://blog.example.de/a', date: '2024-03-06T10:00:00Z', body: GERMAN }),
      warcRecord({ id: '<urn:uuid:wet-3>', url: 'https://foo.blogspot.com/p', date: '2024-03-07T10:00:00Z', lang: 'eng', body: ENGLISH })
    ]);
    const r = await post(file);
    expect(r).toEqual({
      status: 200,
      body: { accepted: 3, stream: 'warc', records: 4, documents: 3, duplicates: 0, skipped: { not_a_document: 1 } }
    });
    const rows = await query<Record<string, unknown>>(
      "SELECT url, domain, tld, lang, content_type, crawl_source, tokens, provenance, ai_score, detector, toString(ts) AS ts FROM crawl_documents WHERE url IN ('https://www.bbc.co.uk/news/1', 'https://blog.example.de/a', 'https://foo.blogspot.com/p') ORDER BY ts"
    );
    expect(rows).toEqual([
      {
        url: 'https://www.bbc.co.uk/news/1',
        domain: 'bbc.co.uk',
        tld: 'co.uk',
        lang: 'en',
        content_type: 'text/plain',
        crawl_source: 'cc-main-2024-10',
        tokens: countTokens(text),
        provenance: 'unknown',
        ai_score: null,
        detector: 'none',
        ts: '2024-03-05 10:00:00.000'
      },
      // No language header: franc-min reads the text.
      expect.objectContaining({ domain: 'example.de', tld: 'de', lang: 'de', tokens: countTokens(GERMAN) }),
      // blogspot.com is a public suffix (private section): each blog is its own site.
      expect.objectContaining({ domain: 'foo.blogspot.com', tld: 'blogspot.com', lang: 'en' })
    ]);
    const marks = await query<{ record_id: string; scanned: number; has_marker: number; windowed: number }>(
      "SELECT record_id, scanned, has_marker, windowed FROM crawl_records WHERE record_id LIKE '<urn:uuid:wet-%' ORDER BY record_id"
    );
    // Shorter than the marker window: scanned, but not counted by the marker panel.
    expect(marks).toEqual([
      { record_id: '<urn:uuid:wet-1>', scanned: 1, has_marker: 1, windowed: 0 },
      { record_id: '<urn:uuid:wet-2>', scanned: 0, has_marker: 0, windowed: 0 },
      { record_id: '<urn:uuid:wet-3>', scanned: 1, has_marker: 0, windowed: 0 }
    ]);
  });

  it('writes a record once: a re-sent body adds nothing, an Idempotency-Key is answered from its record', async () => {
    const records = [1, 2, 3].map((i) =>
      warcRecord({
        id: `<urn:uuid:again-${i}>`,
        url: `https://again.example.com/${i}`,
        date: '2024-05-01T00:00:00Z',
        lang: 'eng',
        body: ENGLISH
      })
    );
    const first = await post(warcFile(records), { 'idempotency-key': 'again-1' });
    expect(first.body).toMatchObject({ accepted: 3, duplicates: 0 });
    const replay = await post(warcFile(records), { 'idempotency-key': 'again-1' });
    expect(replay.body).toEqual({ accepted: 3, stream: 'warc', replayed: true });
    // Same records in another body (one gzip member, one new record): only the new one is written.
    const extra = warcRecord({ id: '<urn:uuid:again-4>', url: 'https://again.example.com/4', date: '2024-05-01T00:00:00Z', body: ENGLISH });
    const resent = await post(warcFile([...records, extra], 'whole'));
    expect(resent.body).toMatchObject({ accepted: 1, duplicates: 3, documents: 4 });
    expect(await count("SELECT count() AS n FROM crawl_documents WHERE url LIKE 'https://again.example.com/%'")).toBe(4);
    expect(await count("SELECT sum(docs) AS n FROM crawl_monthly WHERE month = '2024-05-01'")).toBe(4);
    expect(await count("SELECT sum(docs) AS n FROM crawl_marker_monthly WHERE month = '2024-05-01'")).toBe(4);
    const conflict = await post(warcFile([extra]), { 'idempotency-key': 'again-1' });
    expect(conflict.status).toBe(422);
  });

  it('reads WARC response records: HTML to text, skips requests, non-text and error pages with their reasons', async () => {
    const file = warcFile(
      [
        warcRecord({
          type: 'request',
          url: 'https://shop.example.net/',
          contentType: 'application/http; msgtype=request',
          body: 'GET / HTTP/1.1\r\n\r\n'
        }),
        responseRecord({
          id: '<urn:uuid:resp-1>',
          url: 'https://shop.example.net/',
          date: '2023-07-01T00:00:00Z',
          mime: 'text/html; charset=utf-8',
          html: `<html><head><style>p{color:red}</style><script>var delves = 1;</script></head><body><p>${ENGLISH}</p></body></html>`
        }),
        responseRecord({ url: 'https://shop.example.net/logo.png', mime: 'image/png', html: 'PNG...' }),
        responseRecord({ url: 'https://shop.example.net/missing', status: 404, mime: 'text/html', html: '<p>gone</p>' }),
        warcRecord({
          type: 'metadata',
          url: 'https://shop.example.net/',
          contentType: 'application/warc-fields',
          body: 'fetchTimeMs: 12\r\n'
        })
      ],
      'none'
    );
    const r = await post(file);
    expect(r.body).toMatchObject({ accepted: 1, records: 5, skipped: { not_a_document: 3, not_text: 1 } });
    const [row] = await query<{ tokens: number; content_type: string }>(
      "SELECT tokens, content_type FROM crawl_documents WHERE url = 'https://shop.example.net/'"
    );
    // The script's "delves" is not text: no marker.
    expect(row).toEqual({ tokens: countTokens(ENGLISH), content_type: 'text/html' });
    expect(await count("SELECT has_marker AS n FROM crawl_records WHERE record_id = '<urn:uuid:resp-1>'")).toBe(0);
  });

  it('refuses a body with a broken record, naming it, and writes none of its records', async () => {
    const good = warcRecord({ id: '<urn:uuid:broken-ok>', url: 'https://broken.example.org/', body: ENGLISH });
    const cases: [Buffer, string, number][] = [
      [warcRecord({ url: 'https://broken.example.org/2', date: null, body: ENGLISH }), 'no_date', 2],
      [warcRecord({ url: 'https://broken.example.org/2', date: 'yesterday', body: ENGLISH }), 'bad_date', 2],
      [warcRecord({ id: null, url: 'https://broken.example.org/2', body: ENGLISH }), 'no_record_id', 2],
      [warcRecord({ url: 'urn:not-a-web-page', body: ENGLISH }), 'bad_url', 2],
      [warcRecord({ url: 'https://broken.example.org/2', body: ENGLISH, truncateBy: 10 }), 'truncated', 2]
    ];
    for (const [bad, reason, record] of cases) {
      const r = await post(warcFile([good, bad], 'none'));
      expect(r.status, reason).toBe(400);
      expect(r.body).toMatchObject({ reason, record });
      expect(String(r.body.error)).toMatch(new RegExp(`^record ${record}: `));
    }
    const cut = warcFile([good, warcRecord({ url: 'https://broken.example.org/3', body: ENGLISH })]);
    const r = await post(cut.subarray(0, cut.length - 30));
    expect(r.body).toMatchObject({ reason: 'truncated_gzip', record: 2 });
    expect((await post(Buffer.from('this is not a crawl file\n'))).body).toMatchObject({ reason: 'not_warc', record: 1 });
    expect(await count("SELECT count() AS n FROM crawl_documents WHERE url LIKE 'https://broken.example.org/%'")).toBe(0);
    expect(await count("SELECT count() AS n FROM crawl_records WHERE record_id = '<urn:uuid:broken-ok>'")).toBe(0);
  });

  it('keeps the ingest rules: a token, a valid Idempotency-Key', async () => {
    const body = warcFile([warcRecord({ body: ENGLISH })]);
    const anon = await fetch(`${s.url}/api/ingest/warc`, { method: 'POST', body: new Uint8Array(body) });
    expect(anon.status).toBe(401);
    expect((await post(body, { 'idempotency-key': 'bad key with spaces' })).status).toBe(400);
  });

  it("refreshes a watched marker panel once the crawl file's records are written", async () => {
    // The panel reads the records alone, so it is refreshed after them (the documents' own
    // write, earlier in the same request, does not reach it): the push holds the new documents.
    const c = connect(s.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    const settle = async () => {
      clock.advance(DIRTY_DELAY);
      await s.app.hub.idle();
    };
    // socket.io keeps a connection's messages in order: after this answer, all sent before it are here.
    const roundTrip = () => new Promise((resolve) => c.emit('unsubscribe', { key: 'not-a-key' }, resolve));
    const docsOf = (d: PanelData) => d.rows.reduce((n, r) => n + Number(r.docs), 0);
    try {
      const pushes: PanelData[] = [];
      c.on('panel:data', (d) => pushes.push(d));
      const filters = { from: '2019-01-01', to: '2019-12-31', lang: ['en'] };
      const ack = await new Promise<{ key?: string; error?: string }>((resolve) =>
        c.emit('subscribe', { panel: 'provenance.marker_words', filters }, resolve)
      );
      expect(ack.error).toBeUndefined();
      await settle();
      await roundTrip();
      expect(pushes.map(docsOf)).toEqual([0]);
      const records = [0, 1, 2].map((i) =>
        warcRecord({ url: `https://live.example.com/2019/${i}`, date: '2019-03-15T12:00:00Z', lang: 'eng', body: LONG_ENGLISH })
      );
      expect((await post(warcFile(records))).body).toMatchObject({ accepted: 3 });
      await settle();
      await roundTrip();
      expect(pushes.map(docsOf)).toEqual([0, 3]);
      expect(pushes[1]?.key).toBe(ack.key);
    } finally {
      c.close();
    }
  });

  it('estimates the excess marker share as a hand computation does, from the first 200 words of each document', async () => {
    // 20 English documents of 200+ words a year, each June. Documents with a word of the 2024
    // group in their window: 2020 2, 2021 3, 2022 4 (before ChatGPT), 2023 10, 2024 12.
    // Baseline of the 2024 group: p2022 = 0.20 plus the rise 0.05 a year carried on, 2024 0.30.
    // Excess 2024: 0.60 - 0.30 = 0.30. 2023 has no group of its own: no estimate.
    const markers = { 2020: 2, 2021: 3, 2022: 4, 2023: 10, 2024: 12 } as const;
    const group = markerGroup();
    expect(group.scan(LONG_ENGLISH, 'en')).toEqual({ anywhere: false, windowed: true, years: [] });
    const records: Buffer[] = [];
    for (const [year, k] of Object.entries(markers)) {
      for (let i = 0; i < 20; i++) {
        records.push(
          warcRecord({
            id: `<urn:uuid:hand-${year}-${i}>`,
            url: `https://hand.example.com/${year}/${i}`,
            date: `${year}-06-15T12:00:00Z`,
            lang: 'eng',
            body: i < k ? `Here we delve deeper. ${LONG_ENGLISH}` : LONG_ENGLISH
          })
        );
      }
    }
    // German documents with the same words are not scanned, and English ones shorter than the
    // window are not counted: neither moves the estimate.
    records.push(warcRecord({ url: 'https://hand.example.de/x', date: '2024-06-15T12:00:00Z', lang: 'deu', body: `${GERMAN} delves` }));
    records.push(
      warcRecord({ url: 'https://hand.example.com/short', date: '2024-06-15T12:00:00Z', lang: 'eng', body: `${ENGLISH} delves` })
    );
    expect((await post(warcFile(records))).body).toMatchObject({ accepted: 102 });

    const june = async (y: number) => {
      const res = await fetch(`${s.url}/api/panels/provenance.marker_words?from=2020-01-01&to=2024-12-31&lang=en`);
      const { rows } = (await res.json()) as { rows: Record<string, number | null>[] };
      return rows.find((r) => r.t === Date.UTC(y, 5, 1));
    };
    expect(await june(2020)).toEqual({
      t: Date.UTC(2020, 5, 1),
      group_year: 2024,
      docs: 20,
      marker_docs: 2,
      marker_share: 0.1,
      baseline_share: null,
      excess_share: null,
      excess_lo: null,
      excess_hi: null
    });
    expect(await june(2023)).toMatchObject({ group_year: null, docs: 20, marker_share: null, excess_share: null });
    const y2024 = await june(2024);
    expect(y2024).toMatchObject({ group_year: 2024, docs: 20, marker_docs: 12 });
    expect(y2024?.marker_share).toBeCloseTo(0.6, 12);
    expect(y2024?.baseline_share).toBeCloseTo(0.3, 12);
    expect(y2024?.excess_share).toBeCloseTo(0.3, 12);
    // The bootstrap interval over documents brackets the excess.
    expect(y2024?.excess_lo ?? NaN).toBeLessThan(0.3);
    expect(y2024?.excess_hi ?? NaN).toBeGreaterThan(0.3);

    // More June 2024 documents without LLM style: five long pages (3,000 words) that use a group
    // word past their first 200, as long human pages do by chance, and five whose window holds
    // words of the all-years list with excess in other years (pandemic-era, function words).
    const human: Buffer[] = [];
    for (let i = 0; i < 5; i++) {
      human.push(
        warcRecord({
          id: `<urn:uuid:long-${i}>`,
          url: `https://hand.example.com/long/${i}`,
          date: '2024-06-20T12:00:00Z',
          lang: 'eng',
          body: `${LONG_ENGLISH} We delve into the archive. ${words(3000)}`
        }),
        warcRecord({
          id: `<urn:uuid:other-year-${i}>`,
          url: `https://hand.example.com/other-year/${i}`,
          date: '2024-06-20T12:00:00Z',
          lang: 'eng',
          body: `During the pandemic, amid closures, these pupils were using tablets. ${LONG_ENGLISH}`
        })
      );
    }
    expect((await post(warcFile(human))).body).toMatchObject({ accepted: 10 });
    const after = await june(2024);
    // Ten more documents, not one more marker document: the share and excess can only fall.
    expect(after).toMatchObject({ docs: 30, marker_docs: 12 });
    expect(after?.excess_share).toBeCloseTo(12 / 30 - 0.3, 12);
  });
});

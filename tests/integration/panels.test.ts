import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanelInfo } from '../../src/lib/contract/panels';
import type { ClientToServerEvents, PanelData, PanelRow, ServerToClientEvents, SubscribeAck } from '../../src/lib/contract/socket';
import { CATALOGUE } from '../../server/panels/catalogue';
import { parseFilters, resolveView } from '../../server/panels/view';
import { getPanel, ingest, startServer, streamRows, type TestServer } from '../helpers/server';
import { warcFile, warcRecord } from '../helpers/warc';

// A small known world: three domains crawled in two periods, and freelance postings in the
// pre-ChatGPT baseline and in two recent weeks. Expected numbers below are worked out by hand.
const DAY = 86_400_000;
const HOUR = 3_600_000;
const TODAY = Math.floor(Date.now() / DAY) * DAY;
/** The day the current crawl period starts; the previous one is the ten days before. */
const D = TODAY - 20 * DAY;
const mondayOf = (ms: number) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY;
/** Two whole recent weeks of postings. */
const W1 = mondayOf(D - 14 * DAY);
const W2 = W1 + 7 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

type Prov = 'human' | 'ai' | 'mixed' | 'unknown';
const SCORE: Record<Prov, number | null> = { human: 0.12, ai: 0.93, mixed: 0.55, unknown: null };
const SITES = {
  'alpha-example.org': { lang: 'en', content_type: 'article', crawl_source: 'common_crawl' },
  'beta-example.com': { lang: 'en', content_type: 'forum', crawl_source: 'common_crawl' },
  'gamma-example.de': { lang: 'de', content_type: 'article', crawl_source: 'sitemap' },
  'delta-example.net': { lang: 'fr', content_type: 'code', crawl_source: 'partner_api' }
} as const;
type Site = keyof typeof SITES;

function crawl(ts: number, domain: Site, provenance: Prov, tokens: number, i: number) {
  return {
    ts,
    url: `https://${domain}/doc/${i}`,
    domain,
    ...SITES[domain],
    tokens,
    provenance,
    ai_score: SCORE[provenance],
    detector: SCORE[provenance] === null ? 'none' : 'classifier'
  };
}

/**
 * [domain, provenance, tokens] of each document; previous period on D-8, current on D+1 (days
 * that no window below ends on: a daily rollup counts the whole day a window ends in).
 */
const PREVIOUS: [Site, Prov, number][] = [
  ['alpha-example.org', 'ai', 200],
  ['alpha-example.org', 'human', 400],
  ['alpha-example.org', 'human', 400],
  ['beta-example.com', 'ai', 200],
  ['beta-example.com', 'ai', 200],
  ['beta-example.com', 'human', 400]
];
const CURRENT: [Site, Prov, number][] = [
  ['alpha-example.org', 'ai', 300],
  ['alpha-example.org', 'ai', 300],
  ['alpha-example.org', 'human', 200],
  ['alpha-example.org', 'human', 200],
  ['beta-example.com', 'ai', 100],
  ['beta-example.com', 'human', 500],
  ['beta-example.com', 'mixed', 200],
  ['gamma-example.de', 'human', 300],
  ['gamma-example.de', 'unknown', 200]
];
const CRAWL = [
  ...PREVIOUS.map(([d, p, t], i) => crawl(D - 8 * DAY + 9 * HOUR + i * 60_000, d, p, t, i)),
  ...CURRENT.map(([d, p, t], i) => crawl(D + DAY + 9 * HOUR + i * 60_000, d, p, t, 100 + i)),
  // Yesterday, outside the windows checked by hand: the panels' default windows see it.
  crawl(TODAY - DAY + 9 * HOUR, 'delta-example.net', 'human', 100, 200)
];

let pid = 0;
function posting(ts: number, category: string, over: Record<string, unknown> = {}) {
  return { ts: iso(ts), posting_id: `p${pid++}`, platform: category === 'coding' ? 'fl' : 'uw', category, region: 'europe', ...over };
}
const MARKET = [
  // Baseline: writing from 2022-11-20 (10 days to 2022-11-30, 5 postings, 4 in Europe); coding
  // from 2022-11-25 (5 days, 2 postings). Before 2020 and from 2022-11-30 on do not count.
  posting(Date.UTC(2019, 11, 31, 12), 'writing'),
  posting(Date.UTC(2022, 10, 20, 9), 'writing'),
  posting(Date.UTC(2022, 10, 22, 9), 'writing'),
  posting(Date.UTC(2022, 10, 24, 9), 'writing', { region: 'north_america' }),
  posting(Date.UTC(2022, 10, 26, 9), 'writing'),
  posting(Date.UTC(2022, 10, 29, 23), 'writing'),
  posting(Date.UTC(2022, 10, 30, 10), 'writing'),
  posting(Date.UTC(2022, 10, 25, 12), 'coding'),
  posting(Date.UTC(2022, 10, 28, 12), 'coding'),
  // Week 1: seven writing postings (five in Europe), one coding posting.
  ...[
    { budget_usd: 100, mentions_ai: true },
    { budget_usd: 300, mentions_ai: true },
    { budget_usd: 500, mentions_ai: true },
    { budget_usd: 20, hourly: true },
    { budget_usd: 40, hourly: true },
    { region: 'north_america' },
    { region: 'north_america' }
  ].map((over, i) => posting(W1 + DAY + i * HOUR, 'writing', { bids: i, ...over })),
  posting(W1 + 2 * DAY, 'coding', { hourly: true, budget_usd: 50, bids: 10 }),
  // Week 2: two writing postings.
  posting(W2 + DAY, 'writing', { bids: 4, mentions_ai: true }),
  posting(W2 + 2 * DAY, 'writing', { region: 'latam', budget_usd: 1000, bids: 8 }),
  // Two days ago, for the default windows.
  posting(TODAY - 2 * DAY, 'video', { region: 'oceania', budget_usd: 75 })
];

/** The documented histogram median: 50 log bins a decade, interpolated inside the middle bin. */
function binMedian(values: number[]): number {
  const bins = new Map<number, number>();
  for (const v of values) {
    const b = Math.min(249, Math.max(0, Math.floor(Math.log10(v) * 50)));
    bins.set(b, (bins.get(b) ?? 0) + 1);
  }
  let below = 0;
  for (const [b, n] of [...bins].sort((x, y) => x[0] - y[0])) {
    if ((below + n) * 2 >= values.length) return Math.round(10 ** ((b + (values.length / 2 - below) / n) / 50) * 100) / 100;
    below += n;
  }
  throw new Error('no values');
}

let s: TestServer;
let infos: PanelInfo[] = [];

beforeAll(async () => {
  s = await startServer({ app: { hub: { tickMs: 200, dirtyDelayMs: 10 } } });
  expect((await ingest(s.url, 'crawl', CRAWL)).status).toBe(200);
  expect((await ingest(s.url, 'market', MARKET)).status).toBe(200);
  // Two crawl-file documents for the marker-word panel, years back, outside every window checked by hand.
  const wet = warcFile(
    [0, 1].map((i) =>
      warcRecord({
        url: `https://epsilon.example.org/${i}`,
        date: iso(TODAY - 1000 * DAY),
        lang: 'eng',
        // Past the marker window (200 words), so the panel counts them.
        body: `${i ? 'We delve into it.' : 'A plain page.'} ${'plain words '.repeat(100)}`
      })
    )
  );
  expect((await fetch(`${s.url}/api/ingest/warc`, { method: 'POST', body: new Uint8Array(wet) })).status).toBe(200);
  infos = ((await (await fetch(`${s.url}/api/panels`)).json()) as { panels: PanelInfo[] }).panels;
});
afterAll(async () => {
  await s.close();
});

async function get(id: string, query: string) {
  const res = await fetch(`${s.url}/api/panels/${id}?${query}`);
  return { status: res.status, res };
}
const rows = (id: string, query: string) => getPanel<PanelRow>(s.url, id, query);
const by = (rs: PanelRow[], key: string) => new Map(rs.map((r) => [String(r[key]), r]));

describe('every panel in the catalogue', () => {
  it('lists the provenance and market panels with columns, chart and defaults', () => {
    const ids = infos.map((i) => i.id);
    for (const id of [
      'provenance.ai_share',
      'provenance.by_domain',
      'provenance.by_lang',
      'provenance.by_content_type',
      'provenance.human_tokens',
      'provenance.detector_scores',
      'market.postings_index',
      'market.rates',
      'market.ai_mentions',
      'market.bids',
      'market.by_region'
    ]) {
      expect(ids).toContain(id);
    }
    for (const info of infos) {
      expect(info.columns.length, info.id).toBeGreaterThan(0);
      expect(info.grains.length, info.id).toBeGreaterThan(0);
      for (const c of info.columns) if (c.filter) expect(info.dimensions, `${info.id}.${c.name}`).toContain(c.filter);
    }
  });

  it('answers JSON rows whose keys are exactly its columns, in order', async () => {
    for (const info of infos) {
      const rs = await rows(info.id, '');
      if (info.id.startsWith('provenance.') || info.id.startsWith('market.')) expect(rs.length, info.id).toBeGreaterThan(0);
      for (const r of rs) expect(Object.keys(r), info.id).toEqual(info.columns.map((c) => c.name));
    }
  });

  it('exports CSV with the column names as header and the same rows, and Parquet', async () => {
    for (const info of infos) {
      const n = (await rows(info.id, '')).length;
      const csv = await get(info.id, 'format=csv');
      expect(csv.status, info.id).toBe(200);
      expect(csv.res.headers.get('content-disposition'), info.id).toMatch(/attachment; filename=".+\.csv"/);
      const lines = (await csv.res.text()).split('\n').filter((l) => l !== '');
      expect(
        lines[0]?.split(',').map((h) => h.replace(/^"|"$/g, '')),
        info.id
      ).toEqual(info.columns.map((c) => c.name));
      expect(lines.length - 1, info.id).toBe(n);
      const pq = await get(info.id, 'format=parquet');
      expect(pq.status, info.id).toBe(200);
      const bytes = Buffer.from(await pq.res.arrayBuffer());
      expect(bytes.subarray(0, 4).toString('latin1'), info.id).toBe('PAR1');
      expect(bytes.subarray(-4).toString('latin1'), info.id).toBe('PAR1');
    }
  });

  it('answers a socket.io subscribe with panel:data', async () => {
    const c: Socket<ServerToClientEvents, ClientToServerEvents> = connect(s.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true
    });
    try {
      await new Promise<void>((resolve, reject) => {
        c.once('connect', () => resolve());
        c.once('connect_error', reject);
      });
      // Each panel's first result, waited for as an event (a panel that never answers fails the
      // test on its timeout).
      const seen = new Map<string, PanelData>();
      const waiting = new Map<string, (d: PanelData) => void>();
      c.on('panel:data', (d) => {
        seen.set(d.key, d);
        waiting.get(d.key)?.(d);
      });
      const first = (key: string) =>
        new Promise<PanelData>((resolve) => {
          const had = seen.get(key);
          if (had) resolve(had);
          else waiting.set(key, resolve);
        });
      for (const info of infos) {
        const ack = await new Promise<SubscribeAck>((resolve) => c.emit('subscribe', { panel: info.id, filters: {} }, resolve));
        expect(ack, info.id).toHaveProperty('key');
        const d = await first((ack as { key: string }).key);
        expect(d.panel, info.id).toBe(info.id);
        const rest = await rows(info.id, '');
        expect(d.rows.length, info.id).toBe(rest.length);
      }
    } finally {
      c.close();
    }
  });

  it('refuses or binds hostile parameters: a 400 naming the parameter, never a 500, nothing changed', async () => {
    const before = await streamRows(s.url);
    const hostile = "x' OR 1=1 --";
    for (const info of infos) {
      const baseline = (await rows(info.id, '')).length;
      const refused: [string, string, string][] = [
        ['from', 'now-1d;DROP', 'from'],
        ['to', "now'); DROP TABLE crawl_documents; --", 'to'],
        ['grain', 'week;', 'grain'],
        ['limit', '1;DROP', 'limit'],
        ['limit', '0', 'limit'],
        ['colour', 'red', 'colour'],
        ['lang) OR (1', 'x', 'lang) OR (1'],
        ['format', 'json;DROP', 'format']
      ];
      for (const [key, value, param] of refused) {
        const query = `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
        const { status, res } = await get(info.id, query);
        const body = (await res.json()) as { error: string; param?: string };
        expect(status, `${info.id}?${query}`).toBe(400);
        expect(body.param, `${info.id}?${query}`).toBe(param);
      }
      for (const dim of ['domain', 'tld', 'lang', 'content_type', 'crawl_source', 'detector', 'platform', 'category', 'region'] as const) {
        const { status, res } = await get(info.id, `${dim}=${encodeURIComponent(hostile)}`);
        const body = (await res.json()) as { rows?: PanelRow[]; param?: string };
        if (info.dimensions.includes(dim)) {
          expect(status, `${info.id} ${dim}`).toBe(200);
          expect(body.rows?.length ?? 0, `${info.id} ${dim}`).toBeLessThanOrEqual(baseline);
        } else {
          expect(status, `${info.id} ${dim}`).toBe(400);
          expect(body.param, `${info.id} ${dim}`).toBe(dim);
        }
      }
    }
    expect(await streamRows(s.url)).toEqual(before);
    for (const info of infos) expect((await get(info.id, '')).status, info.id).toBe(200);
  });
});

describe('provenance panels on the known data', () => {
  const WINDOW = `from=${day(D)}&to=${day(D + 10 * DAY)}&grain=day`;

  it('by_domain: top domains by tokens, AI share now and in the ten days before, and the change', async () => {
    const rs = await rows('provenance.by_domain', WINDOW);
    expect(rs.map((r) => r.domain)).toEqual(['alpha-example.org', 'beta-example.com', 'gamma-example.de']);
    const m = by(rs, 'domain');
    expect(m.get('alpha-example.org')).toMatchObject({ docs: 4, tokens: 1000 });
    expect(m.get('alpha-example.org')?.ai_share).toBeCloseTo(0.6, 12);
    expect(m.get('alpha-example.org')?.ai_share_prev).toBeCloseTo(0.2, 12);
    expect(m.get('alpha-example.org')?.change).toBeCloseTo(0.4, 12);
    expect(m.get('beta-example.com')).toMatchObject({ docs: 3, tokens: 800 });
    expect(m.get('beta-example.com')?.ai_share).toBeCloseTo(0.125, 12);
    expect(m.get('beta-example.com')?.ai_share_prev).toBeCloseTo(0.5, 12);
    expect(m.get('beta-example.com')?.change).toBeCloseTo(-0.375, 12);
    expect(m.get('gamma-example.de')).toMatchObject({ docs: 2, tokens: 500, ai_share: 0, ai_share_prev: null, change: null });
    // Top 2, a domain filter and a tld filter.
    expect((await rows('provenance.by_domain', `${WINDOW}&limit=2`)).map((r) => r.domain)).toEqual([
      'alpha-example.org',
      'beta-example.com'
    ]);
    expect((await rows('provenance.by_domain', `${WINDOW}&domain=beta-example.com`)).map((r) => r.domain)).toEqual(['beta-example.com']);
    expect((await rows('provenance.by_domain', `${WINDOW}&tld=de,org`)).map((r) => r.domain)).toEqual([
      'alpha-example.org',
      'gamma-example.de'
    ]);
    // A lang filter is not in the domain rollups: the raw table answers the same.
    const en = await rows('provenance.by_domain', `${WINDOW}&lang=en`);
    expect(en.map((r) => r.domain)).toEqual(['alpha-example.org', 'beta-example.com']);
    expect(en[0]?.change).toBeCloseTo(0.4, 12);
  });

  it('by_domain over long windows reads whole months from the monthly rollup and gives the same numbers', async () => {
    const long = `from=${day(D - 3 * DAY)}&to=${day(D + 67 * DAY)}&grain=week`;
    const rs = await rows('provenance.by_domain', long);
    expect(rs.map((r) => [r.domain, r.docs, r.tokens])).toEqual([
      ['alpha-example.org', 4, 1000],
      ['beta-example.com', 3, 800],
      ['gamma-example.de', 2, 500],
      ['delta-example.net', 1, 100]
    ]);
    expect(rs[1]?.change).toBeCloseTo(-0.375, 12);
    const def = CATALOGUE.get('provenance.by_domain');
    if (def?.kind !== 'sql') throw new Error('by_domain is a SQL panel');
    const view = resolveView(def, parseFilters({ from: day(D - 3 * DAY), to: day(D + 67 * DAY), grain: 'week' }), Date.now());
    expect(def.build(view).source).toBe('crawl_domain_monthly+crawl_domain_daily');
  });

  it('by_lang and by_content_type: volumes and token- and document-weighted AI share', async () => {
    const lang = by(await rows('provenance.by_lang', WINDOW), 'lang');
    expect(lang.get('en')).toMatchObject({ docs: 7, tokens: 1800 });
    expect(lang.get('en')?.ai_share).toBeCloseTo(700 / 1800, 12);
    expect(lang.get('en')?.ai_share_docs).toBeCloseTo(3 / 7, 12);
    expect(lang.get('de')).toMatchObject({ docs: 2, tokens: 500, ai_share: 0, ai_share_docs: 0 });
    const ct = await rows('provenance.by_content_type', WINDOW);
    expect(ct.map((r) => r.content_type)).toEqual(['article', 'forum']);
    expect(ct[0]).toMatchObject({ docs: 6, tokens: 1500 });
    expect(ct[0]?.ai_share).toBeCloseTo(0.4, 12);
    expect(ct[1]?.ai_share_docs).toBeCloseTo(1 / 3, 12);
  });

  it('human_tokens: tokens per day by provenance class', async () => {
    const rs = await rows('provenance.human_tokens', `from=${day(D - 10 * DAY)}&to=${day(D + 10 * DAY)}&grain=day`);
    expect(rs).toEqual([
      { t: D - 8 * DAY, human: 1200, ai: 600, mixed: 0, unknown: 0, tokens: 1800 },
      { t: D + DAY, human: 1200, ai: 700, mixed: 200, unknown: 200, tokens: 2300 }
    ]);
  });

  it('detector_scores: a 20-bin histogram per class that has scores', async () => {
    const rs = await rows('provenance.detector_scores', WINDOW);
    expect(rs).toHaveLength(60);
    expect([...new Set(rs.map((r) => r.provenance))]).toEqual(['human', 'ai', 'mixed']);
    const nonEmpty = rs.filter((r) => Number(r.docs) > 0).map((r) => [r.provenance, r.score_from, r.docs, r.share]);
    expect(nonEmpty).toEqual([
      ['human', 0.1, 4, 1],
      ['ai', 0.9, 3, 1],
      ['mixed', 0.55, 1, 1]
    ]);
    const detector = await rows('provenance.detector_scores', `${WINDOW}&crawl_source=sitemap`);
    expect(detector.filter((r) => Number(r.docs) > 0).map((r) => [r.provenance, r.docs])).toEqual([['human', 1]]);
  });
});

describe('market panels on the known data', () => {
  const WEEKS = `from=${day(W1)}&to=${day(W2 + 7 * DAY)}`;
  const at = (rs: PanelRow[], t: number, category: string) => rs.find((r) => r.t === t && r.category === category);

  it('postings_index: weekly postings against the mean pre-ChatGPT week = 100', async () => {
    const rs = await rows('market.postings_index', `${WEEKS}&grain=week`);
    // writing: 5 baseline postings over 10 days = 3.5 a week; coding: 2 over 5 days = 2.8.
    expect(rs).toEqual([
      { t: W1, category: 'coding', postings: 1, index: 35.71 },
      { t: W1, category: 'writing', postings: 7, index: 200 },
      { t: W2, category: 'writing', postings: 2, index: 57.14 }
    ]);
    // The baseline takes the same filters: Europe wrote 4 baseline postings in 10 days.
    const eu = await rows('market.postings_index', `${WEEKS}&grain=week&region=europe&category=writing`);
    expect(eu).toEqual([
      { t: W1, category: 'writing', postings: 5, index: 178.57 },
      { t: W2, category: 'writing', postings: 1, index: 35.71 }
    ]);
    // The default window starts in 2020 (monthly by default; weekly here): the baseline weeks are in it.
    const all = await rows('market.postings_index', 'grain=week');
    expect(all.find((r) => r.t === Date.UTC(2022, 10, 28))).toMatchObject({ category: 'coding', postings: 1 });
    // ...and the 2019 posting is not: the week of 2020-01-01 has no row.
    expect(all.find((r) => r.t === Date.UTC(2019, 11, 30))).toBeUndefined();
  });

  it('rates: median and mean budgets, fixed and hourly apart', async () => {
    const rs = await rows('market.rates', `${WEEKS}&grain=week`);
    const w1 = at(rs, W1, 'writing');
    expect(w1).toMatchObject({ t: W1, category: 'writing', priced: 5, mean_fixed: 300, mean_hourly: 30 });
    expect(w1?.median_fixed).toBe(binMedian([100, 300, 500]));
    expect(w1?.median_hourly).toBe(binMedian([20, 40]));
    expect(at(rs, W1, 'coding')).toMatchObject({
      priced: 1,
      median_fixed: null,
      mean_fixed: null,
      median_hourly: binMedian([50]),
      mean_hourly: 50
    });
    expect(at(rs, W2, 'writing')).toMatchObject({ priced: 1, median_fixed: binMedian([1000]), mean_fixed: 1000, median_hourly: null });
    // The histogram median is within a bin (4.7%) of the middle value.
    for (const [got, exact] of [
      [w1?.median_fixed, 300],
      [w1?.median_hourly, 20],
      [at(rs, W2, 'writing')?.median_fixed, 1000]
    ] as const) {
      expect(Math.abs(Number(got) / exact - 1)).toBeLessThan(0.047);
    }
  });

  it('ai_mentions and bids per week and category', async () => {
    const ai = await rows('market.ai_mentions', `${WEEKS}&grain=week`);
    expect(at(ai, W1, 'writing')).toMatchObject({ postings: 7, ai_postings: 3 });
    expect(at(ai, W1, 'writing')?.share).toBeCloseTo(3 / 7, 12);
    expect(at(ai, W1, 'coding')).toMatchObject({ postings: 1, ai_postings: 0, share: 0 });
    expect(at(ai, W2, 'writing')).toMatchObject({ postings: 2, ai_postings: 1, share: 0.5 });
    const bids = await rows('market.bids', `${WEEKS}&grain=week`);
    expect(at(bids, W1, 'writing')).toMatchObject({ postings: 7, mean_bids: 3 });
    expect(at(bids, W1, 'coding')).toMatchObject({ postings: 1, mean_bids: 10 });
    expect(at(bids, W2, 'writing')).toMatchObject({ postings: 2, mean_bids: 6 });
  });

  it('by_region: postings now and in the week before, and the relative change', async () => {
    for (const grain of ['day', 'hour']) {
      const rs = await rows('market.by_region', `from=${day(W2)}&to=${day(W2 + 7 * DAY)}&grain=${grain}`);
      expect(rs.map((r) => [r.region, r.postings, r.postings_prev])).toEqual([
        ['europe', 1, 6],
        ['latam', 1, 0],
        ['north_america', 0, 2]
      ]);
      expect(rs[0]?.change).toBeCloseTo(1 / 6 - 1, 12);
      expect(rs[1]?.change).toBeNull();
      expect(rs[2]?.change).toBe(-1);
    }
  });
});

describe('rollups and the raw table agree', () => {
  // Day-aligned windows: a daily rollup holds whole days, so only those compare exactly.
  const views: Record<string, unknown>[] = [
    { from: day(D - 10 * DAY), to: day(D + 10 * DAY), grain: 'day' },
    { from: day(D), to: day(D + 10 * DAY), grain: 'week' },
    { from: day(D - 3 * DAY), to: day(D + 67 * DAY), grain: 'month' },
    { from: day(D), to: day(D + 2 * DAY), grain: 'hour' },
    { from: day(D), to: day(D + 10 * DAY), grain: 'day', lang: ['en'] },
    { from: day(D), to: day(D + 10 * DAY), grain: 'day', domain: ['alpha-example.org', 'gamma-example.de'] },
    { from: day(D), to: day(D + 10 * DAY), grain: 'day', detector: ['classifier'] },
    { from: day(W1), to: day(W2 + 7 * DAY), grain: 'week' },
    { from: day(W2), to: day(W2 + 7 * DAY), grain: 'day', category: ['writing'], region: ['europe', 'latam'] },
    { from: '2020-01-01', to: day(TODAY), grain: 'month' }
  ];

  it('for every rollup-backed panel and filter set it takes', async () => {
    let compared = 0;
    const read = new Set<string>();
    for (const [id, def] of CATALOGUE) {
      if (def.kind !== 'sql' || !(id.startsWith('provenance.') || id.startsWith('market.'))) continue;
      for (const f of views) {
        const filters = parseFilters(f);
        let view;
        try {
          view = resolveView(def, filters, Date.now());
        } catch {
          continue; // a grain or filter this panel does not take
        }
        const fast = def.build(view);
        const raw = def.build(view, { forceRaw: true });
        if (fast.source === raw.source) continue;
        const a = await s.app.engine.rows<PanelRow>(fast.sql, { tag: 'test rollup', params: fast.params });
        const b = await s.app.engine.rows<PanelRow>(raw.sql, { tag: 'test raw', params: raw.params });
        expect(a.length, `${id} ${JSON.stringify(f)}`).toBe(b.length);
        a.forEach((row, i) => {
          for (const [k, v] of Object.entries(row)) {
            const w = b[i]?.[k];
            if (typeof v === 'number' && typeof w === 'number') expect(v, `${id} ${JSON.stringify(f)} ${k}`).toBeCloseTo(w, 9);
            else expect(v, `${id} ${JSON.stringify(f)} ${k}`).toEqual(w);
          }
        });
        compared++;
        for (const table of fast.source.split(/[+, ]+/)) read.add(table);
      }
    }
    expect(compared).toBeGreaterThanOrEqual(30);
    // Every rollup took part: daily, monthly and minute, by provenance alone, per domain and per detector score.
    for (const table of [
      'crawl_daily',
      'crawl_daily_by_day',
      'crawl_monthly',
      'crawl_minute',
      'crawl_provenance_daily',
      'crawl_provenance_monthly',
      'crawl_domain_daily',
      'crawl_domain_monthly',
      'crawl_detector_daily',
      'market_daily',
      'market_monthly',
      'market_budget_daily',
      'market_budget_monthly'
    ]) {
      expect([...read]).toContain(table);
    }
  });
});

describe('a retried insert counts once in every rollup', () => {
  const ROLLUPS = {
    crawl_domain_daily: 'docs',
    crawl_domain_monthly: 'docs',
    crawl_detector_daily: 'docs',
    crawl_monthly: 'docs',
    crawl_daily_by_day: 'docs',
    crawl_provenance_daily: 'docs',
    crawl_provenance_monthly: 'docs',
    market_daily: 'postings',
    market_monthly: 'postings',
    market_budget_daily: 'postings',
    market_budget_monthly: 'postings'
  } as const;
  async function totals(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [table, col] of Object.entries(ROLLUPS)) {
      const [r] = await s.app.engine.rows<{ n: number }>(`SELECT sum(${col}) AS n FROM ${table}`, { tag: 'test' });
      out[table] = Number(r?.n ?? 0);
    }
    return out;
  }

  it('drops the second insert with the same deduplication token in the raw tables and the rollups', async () => {
    // In 2019: outside every window checked above.
    const crawlBody = Buffer.from(
      [0, 1, 2]
        .map((i) =>
          JSON.stringify({ ...crawl(Date.UTC(2019, 5, 1, i), 'alpha-example.org', 'ai', 10, 900 + i), ts: `2019-06-01 0${i}:00:00` })
        )
        .join('\n')
    );
    const marketBody = Buffer.from(
      [0, 1].map((i) => JSON.stringify({ ...posting(0, 'coding', { budget_usd: 10 + i }), ts: `2019-06-0${i + 1} 12:00:00` })).join('\n')
    );
    const crawlCols = ['ts', 'url', 'domain', 'lang', 'content_type', 'crawl_source', 'tokens', 'provenance', 'ai_score', 'detector'];
    const marketCols = ['ts', 'posting_id', 'platform', 'category', 'region', 'budget_usd'];
    const before = await totals();
    for (let attempt = 0; attempt < 2; attempt++) {
      await s.app.engine.insertJsonEachRow('crawl_documents', crawlCols, crawlBody, {
        tag: 'test retry',
        dedupToken: 'panels-test-retry-crawl'
      });
      await s.app.engine.insertJsonEachRow('market_postings', marketCols, marketBody, {
        tag: 'test retry',
        dedupToken: 'panels-test-retry-market'
      });
    }
    const after = await totals();
    for (const [table, col] of Object.entries(ROLLUPS)) {
      expect(after[table]! - before[table]!, table).toBe(col === 'docs' ? 3 : 2);
    }
  });
});

describe('the day-first daily rollup answers as crawl_daily did', () => {
  // After every batch above, the retried one included: the breakdowns on crawl_daily_by_day
  // against the same SQL on crawl_daily, the table they read before it.
  it('for the language and content-type breakdowns, with and without filters', async () => {
    let compared = 0;
    for (const id of ['provenance.by_lang', 'provenance.by_content_type'] as const) {
      const def = CATALOGUE.get(id);
      if (def?.kind !== 'sql') throw new Error(`${id} is not a SQL panel`);
      for (const f of [{}, { from: '2020-01-01', to: day(TODAY) }, { from: day(D - 3 * DAY), to: day(D + 67 * DAY), lang: ['en'] }]) {
        const q = def.build(resolveView(def, parseFilters(f), Date.now()));
        expect(q.source).toContain('crawl_daily_by_day');
        const now = await s.app.engine.rows<PanelRow>(q.sql, { tag: 'test by day', params: q.params });
        const before = await s.app.engine.rows<PanelRow>(q.sql.replaceAll('crawl_daily_by_day', 'crawl_daily'), {
          tag: 'test crawl_daily',
          params: q.params
        });
        expect(now, `${id} ${JSON.stringify(f)}`).toEqual(before);
        if (now.length > 0) compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(4);
  });
});

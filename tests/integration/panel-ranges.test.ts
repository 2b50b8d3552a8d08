// Bad data already stored never takes a panel down: every panel's rows pass one check of what
// each column can physically be (server/panels/usable.ts). Rows written straight into the tables
// behind the AI share, a market panel and a diversity panel (bypassing ingest, as a row stored
// before a bound existed or by another writer would be) make result rows outside that range; each
// panel answers 200 without them, counts them and names them, and /api/health says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, startServer, type TestServer } from '../helpers/server';

let s: TestServer;
const WINDOW = 'from=2025-05-01&to=2025-05-04&grain=day';
const DAY = (d: number) => Date.UTC(2025, 4, d);

beforeAll(async () => {
  s = await startServer();
  const crawl = [1, 2, 3].map((d) => ({
    ts: DAY(d) + 3_600_000,
    url: `https://example.org/${d}`,
    content_type: 'article',
    lang: 'en',
    tokens: 5000,
    provenance: 'ai'
  }));
  expect((await ingest(s.url, 'crawl', crawl)).status).toBe(200);
  const market = [1, 2, 3].map((d) => ({
    ts: DAY(d) + 3_600_000,
    posting_id: `p${d}`,
    platform: 'upwork',
    category: 'writing',
    budget_usd: 100
  }));
  expect((await ingest(s.url, 'market', market)).status).toBe(200);
  const samples = [1, 2, 3].map((d) => ({
    ts: DAY(d) + 3_600_000,
    model_family: 'ranges',
    model: 'm1',
    generation: 0,
    text: 'the cat sat on the mat'
  }));
  expect((await ingest(s.url, 'samples', samples)).status).toBe(200);
});
afterAll(async () => {
  await s.close();
});

async function panel(id: string): Promise<{ status: number; body: { rows: Record<string, unknown>[]; left_out?: unknown[] } }> {
  const r = await fetch(`${s.url}/api/panels/${id}?${WINDOW}`);
  return { status: r.status, body: (await r.json()) as { rows: Record<string, unknown>[]; left_out?: unknown[] } };
}

const days = (rows: Record<string, unknown>[]) => rows.map((r) => r.t);
const sql = (text: string) => s.app.engine.command(text, { tag: 'test.panel-ranges' });

describe('every panel validates what it reads', () => {
  it('answers each panel without the rows outside their range, names them, and /api/health says so', async () => {
    // Before: every day is served and nothing is left out.
    for (const id of ['provenance.ai_share', 'market.ai_mentions', 'diversity.trend']) {
      const p = await panel(id);
      expect([id, p.status, days(p.body.rows), p.body.left_out]).toEqual([id, 200, [DAY(1), DAY(2), DAY(3)], undefined]);
    }
    // A day's rollup row of 2^64 - 1000 human tokens in the provenance-only rollup an unfiltered
    // view reads: the day's sums wrap (4,000 tokens in all), so its human share is about 4.6e15
    // and its AI share 1.25.
    await sql(`INSERT INTO crawl_provenance_daily (day, provenance, docs, tokens) VALUES ('2025-05-02', 'human', 1, 18446744073709550616)`);
    // Five postings mentioning AI out of one: a share of 2.5 on that day (2 postings, 5 mentioning AI).
    await sql(
      `INSERT INTO market_daily (day, category, platform, region, postings, ai_postings, bids) VALUES ('2025-05-02', 'writing', 'upwork', 'unknown', 1, 5, 0)`
    );
    // An infinite type-token sum: the day's type-token ratio is not a number.
    await sql(
      `INSERT INTO diversity_daily (model_family, model, day, texts, words, ttr_sum, ttr_texts) VALUES ('ranges', 'm1', '2025-05-02', 1, 6, inf, 1)`
    );

    const expected = {
      'provenance.ai_share': {
        table: 'crawl_provenance_daily',
        reason: /^human is 46116860184273\d\d, outside the range of a share \(\[0, 1\]\)$/,
        key: 't=2025-05-02T00:00:00.000Z'
      },
      'market.ai_mentions': {
        table: 'market_daily',
        reason: /^share is 2\.5, outside the range of a share \(\[0, 1\]\)$/,
        key: 't=2025-05-02T00:00:00.000Z category=writing'
      },
      'diversity.trend': {
        table: 'model_samples',
        reason: /^ttr is .*, not a finite number$/,
        key: 't=2025-05-02T00:00:00.000Z model_family=ranges model=m1'
      }
    };
    for (const [id, e] of Object.entries(expected)) {
      const p = await panel(id);
      expect([id, p.status, days(p.body.rows), p.body.left_out]).toEqual([
        id,
        200,
        [DAY(1), DAY(3)],
        [{ table: e.table, rows: 1, reason: expect.stringMatching(e.reason), examples: [e.key] }]
      ]);
    }
    const h = (await (await fetch(`${s.url}/api/health`)).json()) as {
      status: string;
      left_out?: { reader: string; table: string; rows: number }[];
    };
    expect(h.status).toBe('degraded');
    expect(h.left_out?.map((l) => [l.reader, l.table, l.rows]).sort()).toEqual(
      Object.entries(expected)
        .map(([id, e]) => [id, e.table, 1])
        .sort()
    );
  });

  it('serves the rows again and clears the warning once the bad rows are gone', async () => {
    await sql(`DELETE FROM market_daily WHERE ai_postings > postings`);
    const p = await panel('market.ai_mentions');
    expect([p.status, days(p.body.rows), p.body.left_out]).toEqual([200, [DAY(1), DAY(2), DAY(3)], undefined]);
    const h = (await (await fetch(`${s.url}/api/health`)).json()) as { left_out?: { reader: string }[] };
    expect(h.left_out?.map((l) => l.reader).sort()).toEqual(['diversity.trend', 'provenance.ai_share']);
  });
});

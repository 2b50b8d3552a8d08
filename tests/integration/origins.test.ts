// The series stream over HTTP (replace on resend, all or nothing, Idempotency-Key), rows labelled
// by origin (the simulator's known as such, everyone else's not), the published files loaded at
// start, and the panels over them with their citations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthResponse, StreamsResponse } from '../../src/lib/contract/api';
import type { PanelInfo } from '../../src/lib/contract/panels';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

let s: TestServer;

beforeAll(async () => {
  s = await startServer();
});

afterAll(async () => {
  await s?.close();
});

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${s.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function observations(series: string) {
  return s.app.engine.rows<{ date: string; value: number; sector: string; unit: string }>(
    "SELECT toString(date) AS date, value, labels['sector'] AS sector, unit FROM series FINAL WHERE series = {s:String} ORDER BY date, sector",
    { tag: 'test.origins', params: { s: series } }
  );
}

describe('POST /api/ingest/series', () => {
  const obs = (date: string, value: number, labels: Record<string, string>) => ({
    series: 'test.postings',
    date,
    value,
    source: 'A test',
    unit: 'index',
    labels
  });

  it('writes observations, and a re-sent one replaces its value instead of adding a row', async () => {
    const first = await ingest(s.url, 'series', [
      obs('2024-01-01', 100, { sector: 'a', country: 'US' }),
      obs('2024-01-02', 101, { sector: 'a', country: 'US' }),
      obs('2024-01-01', 90, { sector: 'b', country: 'US' })
    ]);
    expect(first).toEqual({ status: 200, body: { accepted: 3, stream: 'series' } });
    // Same observation, labels in another order: the same identity.
    const again = await ingest(s.url, 'series', [obs('2024-01-01', 105.5, { country: 'US', sector: 'a' })]);
    expect(again.status).toBe(200);
    expect(await observations('test.postings')).toEqual([
      { date: '2024-01-01', value: 105.5, sector: 'a', unit: 'index' },
      { date: '2024-01-01', value: 90, sector: 'b', unit: 'index' },
      { date: '2024-01-02', value: 101, sector: 'a', unit: 'index' }
    ]);
  });

  it('refuses a bad line with its number and field and writes nothing of the request', async () => {
    const bad = await ingest(s.url, 'series', [obs('2024-02-01', 1, { sector: 'c' }), obs('2024-02-30', 2, { sector: 'c' })]);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ line: 2, field: 'date' });
    const noSource = await ingest(s.url, 'series', [{ series: 'test.postings', date: '2024-02-01', value: 1 }]);
    expect(noSource.body).toMatchObject({ line: 1, field: 'source' });
    const badLabel = await ingest(s.url, 'series', [obs('2024-02-01', 1, { Sector: 'c' })]);
    expect(badLabel.body).toMatchObject({ line: 1, field: 'labels' });
    expect((await observations('test.postings')).filter((o) => o.sector === 'c')).toEqual([]);
  });

  it('answers a retry with the same Idempotency-Key from its record', async () => {
    const rows = [obs('2023-06-01', 7, { sector: 'd' })];
    const key = { 'idempotency-key': 'series-test-1' };
    expect((await ingest(s.url, 'series', rows, key)).body).toEqual({ accepted: 1, stream: 'series' });
    expect((await ingest(s.url, 'series', rows, key)).body).toEqual({ accepted: 1, stream: 'series', replayed: true });
    expect((await observations('test.postings')).filter((o) => o.sector === 'd')).toHaveLength(1);
  });
});

describe('origin', () => {
  it('counts the simulator’s rows as simulated and nobody else’s', async () => {
    expect((await ingest(s.url, 'crawl', [crawlRow(1), crawlRow(2)])).status).toBe(200);
    let streams = await get<StreamsResponse>('/api/streams');
    expect(streams.crawl).toMatchObject({ rows: 2, simulated_rows: 0, simulated_from: null });
    let health = await get<HealthResponse>('/api/health');
    expect(health.simulated).toEqual([]);

    const sim = [crawlRow(10), crawlRow(11), crawlRow(12)].map((r) => JSON.stringify(r)).join('\n') + '\n';
    await s.app.ingest.write('crawl', sim, { source: 'simulator', origin: 'simulator' });
    streams = await get<StreamsResponse>('/api/streams');
    expect(streams.crawl).toMatchObject({
      rows: 5,
      simulated_rows: 3,
      simulated_from: new Date(crawlRow(10).ts as number).toISOString(),
      simulated_to: new Date(crawlRow(12).ts as number).toISOString()
    });
    expect(streams.market.simulated_rows).toBe(0);
    health = await get<HealthResponse>('/api/health');
    expect(health.simulated).toEqual(['crawl']);
    const [byOrigin] = await s.app.engine.rows<{ n: number }>("SELECT count() AS n FROM crawl_documents WHERE origin = 'simulator'", {
      tag: 'test.origins'
    });
    expect(Number(byOrigin?.n)).toBe(3);
  });
});

describe('published series at start', () => {
  // 79,000 observations are checked and written twice over: slow on a busy 2-core machine.
  it(
    'loads every shipped file once, whatever SIMULATE says, and the panels draw them with their citations',
    { timeout: 300_000 },
    async () => {
      const health = await get<HealthResponse>('/api/health');
      expect(health.filling_history).toBe(false);
      const loads = await s.app.loadPublished();
      expect(loads.map((l) => [l.recipe, l.rows, l.imported])).toEqual([
        ['cc-crawlsize', 360, 360],
        ['cc-languages', 468, 468],
        ['cc-tld', 272, 272],
        ['kobak-words', 135, 135],
        ['indeed-sectors', 78_246, 78_246]
      ]);
      // Epoch AI's training runs (CC BY 4.0) are published data too: loaded with SIMULATE=off,
      // 80 models of dataset_sizes.csv and the paper's Llama 3 point, once.
      const runs = () =>
        s.app.engine.rows<{ n: number }>("SELECT count() AS n FROM training_runs FINAL WHERE source LIKE 'Epoch AI%'", {
          tag: 'test.origins'
        });
      expect(Number((await runs())[0]?.n)).toBe(80);
      const second = await s.app.loadPublished();
      expect(second.map((l) => l.imported)).toEqual([0, 0, 0, 0, 0]);
      const streams = await get<StreamsResponse>('/api/streams');
      expect(streams.series.simulated_rows).toBe(0);
      expect(streams.training.rows).toBe(81);

      const { panels } = await get<{ panels: PanelInfo[] }>('/api/panels');
      const published = panels.filter((p) => p.id.startsWith('published.'));
      expect(published.map((p) => p.id)).toEqual([
        'published.crawl_volume',
        'published.crawl_languages',
        'published.crawl_tlds',
        'published.job_postings',
        'published.llm_words'
      ]);
      for (const p of published) {
        expect(p.citations?.length, p.id).toBeGreaterThan(0);
        expect(p.description, p.id).toContain('Source:');
        const { rows } = await get<{ rows: Record<string, unknown>[] }>(`/api/panels/${p.id}`);
        expect(rows.length, p.id).toBeGreaterThan(0);
      }
      // ChatGPT's release is a curated annotation drawn on every time chart, not a mark of one panel.
      const { annotations } = await get<{ annotations: { id: string; time: number }[] }>('/api/annotations?panel=published.job_postings');
      expect(annotations.find((a) => a.id === 'curated.chatgpt-release')?.time).toBe(Date.UTC(2022, 10, 30));
      const { rows: words } = await get<{ rows: { t: number; word: string; share: number }[] }>('/api/panels/published.llm_words');
      expect(words.find((w) => w.word === 'delves' && w.t === Date.UTC(2024, 0, 1))?.share).toBe(0.003573);
      const csv = await fetch(`${s.url}/api/panels/published.crawl_volume?format=csv`);
      expect(csv.status).toBe(200);
      expect((await csv.text()).split('\n')[0]).toBe('"t","crawl","pages","urls","digests"');
    }
  );
});

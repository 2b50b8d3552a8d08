// Poisoned forecast input: a training run beyond what a training run can physically be is
// refused at ingest with the bound in the message; a bad row already stored (written before the
// bound existed, or straight into the table) never takes a read down: the forecast and the
// training panels leave it out, count it and name it in the answer and in /api/health.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, startServer, type TestServer } from '../helpers/server';

let s: TestServer;

/** Ten ordinary runs, all published the same day with the same size. */
const run = (i: number, over: Record<string, unknown> = {}) => ({
  model: `poison-test-${i}`,
  published: '2024-06-01',
  training_tokens: 1e12,
  ...over
});

beforeAll(async () => {
  s = await startServer();
  const r = await ingest(
    s.url,
    'training',
    Array.from({ length: 10 }, (_, i) => run(i))
  );
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await s.close();
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${s.url}${path}`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe('forecast input', () => {
  it('answers forecast.peak_data for a to in every decade from 2061 to the last day a bound takes (2299-12-31), after ten ordinary runs', async () => {
    // Only the ten runs are stored (the test server loads no seed), as on the database the 500s
    // were found on. Each forecast takes a while (100,000 draws), so: every year of the first
    // decade from 2061, then every seventh year (first or last day) to the last day a bound takes.
    const tos = ['2060-12-31', '2299-12-31'];
    for (let y = 2061; y <= 2070; y++) tos.push(`${y}-01-01`);
    for (let y = 2071; y <= 2299; y += 7) tos.push(y % 2 ? `${y}-12-31` : `${y}-06-30`);
    const failed: string[] = [];
    for (const to of tos) {
      const r = await get(`/api/panels/forecast.peak_data?to=${to}`);
      const rows = r.body.rows as { year: number }[] | undefined;
      // The forecast is as of the window's end: its years reach past the year of `to`.
      if (r.status !== 200 || !rows?.length || (rows.at(-1)?.year ?? 0) < Number(to.slice(0, 4)))
        failed.push(`${to}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
    const [n] = await s.app.engine.rows<{ n: number }>('SELECT count() AS n FROM training_runs FINAL', { tag: 'test.poison.count' });
    expect(Number(n?.n)).toBe(10);
  });

  it('refuses training magnitudes no training run can have, with the bound in the message', async () => {
    for (const [field, value] of [
      ['training_tokens', 1e308],
      ['parameters', 1e300],
      ['compute_flop', 1e300]
    ] as const) {
      const r = await ingest(s.url, 'training', [run(20, { [field]: value })]);
      expect([field, r.status, r.body.field, r.body.error]).toEqual([field, 400, field, expect.stringMatching(/at most 1e\d+/)]);
    }
  });

  it('leaves a stored run of 1e308 tokens out of the forecast and the panels, and names it there and in /api/health', async () => {
    // Written straight into the table, as a row stored before the bound existed would be.
    await s.app.engine.command(
      `INSERT INTO training_runs (model, published, training_tokens, source, imported_at)
       VALUES ('poisoned-run', '2023-06-01', 1e308, 'test', 1)`,
      { tag: 'test.poison' }
    );
    for (const model of ['simple', 'epoch']) {
      const f = await get(`/api/forecast?model=${model}`);
      expect([model, f.status, f.body.left_out]).toEqual([
        model,
        200,
        [expect.objectContaining({ table: 'training_runs', rows: 1, reason: expect.stringMatching(/training_tokens/) })]
      ]);
    }
    for (const panel of ['forecast.peak_data', 'training.dataset_sizes']) {
      const p = await get(`/api/panels/${panel}`);
      expect([panel, p.status, p.body.left_out]).toEqual([
        panel,
        200,
        [expect.objectContaining({ table: 'training_runs', rows: 1, examples: ['poisoned-run'] })]
      ]);
    }
    const h = await get('/api/health');
    const named = { table: 'training_runs', rows: 1, examples: ['poisoned-run'] };
    expect([h.body.status, h.body.left_out]).toEqual([
      'degraded',
      ['forecast', 'forecast.peak_data', 'training.dataset_sizes'].map((reader) => expect.objectContaining({ reader, ...named }))
    ]);
    // Replacing the bad run clears the warning at the next reads.
    expect((await ingest(s.url, 'training', [{ model: 'poisoned-run', published: '2023-06-01', training_tokens: 2e12 }])).status).toBe(200);
    for (const path of ['/api/forecast', '/api/panels/forecast.peak_data', '/api/panels/training.dataset_sizes']) {
      const r = await get(path);
      expect([path, r.status, r.body.left_out]).toEqual([path, 200, undefined]);
    }
    const healed = await get('/api/health');
    expect([healed.body.status, healed.body.left_out]).toEqual(['ok', undefined]);
  });
});

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
  it('answers forecast.peak_data with a to far in the future (2299) after ten ordinary runs', async () => {
    for (const to of ['2060-12-31', '2061-01-01', '2299-12-31']) {
      const r = await get(`/api/panels/forecast.peak_data?to=${to}`);
      expect([to, r.status, r.body.error]).toEqual([to, 200, undefined]);
    }
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

// GET /api/forecast and the forecast and training panels against a real engine: the live
// defaults come from the published training runs (the simulator's Epoch seed) and from crawl rows
// whose provenance is known here, so the measured inputs can be checked by hand.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORECAST_DEFAULTS, type ForecastResponse } from '../../src/lib/contract/forecast';
import type { PanelInfo } from '../../src/lib/contract/panels';
import type { ClientToServerEvents, PanelData, ServerToClientEvents } from '../../src/lib/contract/socket';
import { PAPER_STATES } from '../../server/forecast/epoch-inputs';
import { saveProjection } from '../../server/forecast/epoch-projection-store';
import { STOCK_GROWTH } from '../../server/forecast/published';
import { seedTrainingRuns } from '../../server/simulate/training-seed';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

let s: TestServer;
let seeded = 0;

beforeAll(async () => {
  s = await startServer({ app: { hub: { tickMs: 200, dirtyDelayMs: 10 } } });
  seeded = (await seedTrainingRuns(s.app.engine)).inserted;
  // Crawl rows of the last day: tokens human 10 x 400 = 4,000, AI 10 x 500 = 5,000, mixed 10 x 100
  // = 1,000. AI share of known tokens: 0.5 with mixed as human, 0.6 with mixed as AI.
  const now = Date.now();
  const rows = [
    ...Array.from({ length: 10 }, (_, i) => crawlRow(i, { ts: now - 3_600_000 + i * 1000, provenance: 'human', tokens: 400 })),
    ...Array.from({ length: 10 }, (_, i) => crawlRow(10 + i, { ts: now - 3_600_000 + i * 1000, provenance: 'ai', tokens: 500 })),
    ...Array.from({ length: 10 }, (_, i) => crawlRow(20 + i, { ts: now - 3_600_000 + i * 1000, provenance: 'mixed', tokens: 100 }))
  ];
  expect((await ingest(s.url, 'crawl', rows)).status).toBe(200);
});

afterAll(async () => {
  await s?.close();
});

async function forecast(query = ''): Promise<{ status: number; body: ForecastResponse & { error?: string; param?: string } }> {
  const res = await fetch(`${s.url}/api/forecast${query}`);
  return { status: res.status, body: (await res.json()) as ForecastResponse & { error?: string; param?: string } };
}

describe('GET /api/forecast', () => {
  it("answers with Epoch's model, pooled, with the paper's inputs, each listed with its interval and source", async () => {
    const { status, body } = await forecast();
    expect(status).toBe(200);
    expect(body).toMatchObject({ model: 'epoch', branch: 'pooled', inputs: 'published', draws: FORECAST_DEFAULTS.draws });
    expect(body.paper).toMatchObject({ median_year: 2028, p10_year: 2026, p90_year: 2032 });
    expect(body.assumptions.stock_pages).toMatchObject({ lo: 75e9, hi: 1e12, credibility: 95 });
    expect(body.assumptions.compute?.source).toContain('Besiroglu');
    expect(body.assumptions.demand_growth?.source).toContain('80 models');
    for (const [name, a] of Object.entries(body.assumptions)) expect(a.source.length, name).toBeGreaterThan(20);
    const o = body.outcomes;
    expect(o.crossing + o.already + o.beyond_horizon + o.never).toBe(body.draws);
    expect(body.histogram.length).toBe(body.probability_by_year.length);
  });

  it('takes live inputs with the AI-share scenario and shows what the scenario changes', async () => {
    const { status, body } = await forecast('?inputs=live&ai_share=on&draws=20000');
    expect(status).toBe(200);
    expect(body).toMatchObject({ model: 'epoch', inputs: 'live', ai_share: 'on' });
    // Measured here: 0.5 (mixed as human) .. 0.6 (mixed as AI), applied at 0.55.
    expect(body.assumptions.ai_share).toMatchObject({ lo: 0.5, hi: 0.6 });
    expect(body.assumptions.ai_share?.source).toContain('displaces');
    expect(body.assumptions.demand?.source).toMatch(/^measured from training_runs: \d+ frontier runs of \d+/);
    expect(body.exhaustion.median_year ?? NaN).toBeLessThan(body.without_ai_share?.median_year ?? NaN);
  });

  it('answers the simple model with live defaults and lists every assumption with its source', async () => {
    const { status, body } = await forecast('?model=simple');
    expect(status).toBe(200);
    expect(body.draws).toBe(FORECAST_DEFAULTS.draws);
    expect(body.seed).toBe(FORECAST_DEFAULTS.seed);
    expect(Object.keys(body.assumptions).sort()).toEqual(['ai_share', 'demand', 'demand_growth', 'overtraining', 'stock', 'stock_growth']);
    for (const [name, a] of Object.entries(body.assumptions)) {
      expect(Number.isFinite(a.value), name).toBe(true);
      expect(a.unit.length, name).toBeGreaterThan(0);
      expect(a.source.length, name).toBeGreaterThan(20);
    }
    expect(body.assumptions.demand?.source).toMatch(
      /^measured from training_runs, \d+ frontier runs \(top 10 at release\) of \d+ runs 2010-2024, bootstrap 1000 resamples/
    );
    expect(body.assumptions.demand?.source).toContain('Epoch AI dataset_sizes.csv (CC BY 4.0)');
    // Measured here: 0.5 (mixed as human) .. 0.6 (mixed as AI).
    expect(body.assumptions.ai_share).toMatchObject({ p5: 0.5, p95: 0.6 });
    expect(body.assumptions.ai_share?.value).toBeCloseTo(0.55, 12);
    // The paper's growth (x1.037-x1.125, 90%) discounted: p5 by the high share 0.6, p95 by the low 0.5.
    expect(body.assumptions.stock_growth?.p5).toBeCloseTo(1 + (STOCK_GROWTH.p5 - 1) * 0.4, 12);
    expect(body.assumptions.stock_growth?.p95).toBeCloseTo(1 + (STOCK_GROWTH.p95 - 1) * 0.5, 12);
    expect(body.assumptions.stock?.source).toContain('Villalobos');
    // A crossing within the horizon, counted draws adding up.
    const { median_year: median } = body.exhaustion;
    expect(median).not.toBeNull();
    expect(median ?? 0).toBeGreaterThan(body.as_of);
    expect(body.outcomes.crossing + body.outcomes.never + body.outcomes.already + body.outcomes.beyond_horizon).toBe(body.draws);
    expect(body.probability_by_year).toHaveLength(FORECAST_DEFAULTS.horizonYears + 1);
    expect(body.stock).toHaveLength(FORECAST_DEFAULTS.horizonYears + 1);
  });

  it('gives the same answer for the same query', async () => {
    const a = await forecast('?seed=7&draws=20000');
    const b = await forecast('?seed=7&draws=20000');
    expect(b.body).toEqual(a.body);
    expect(a.body.seed).toBe(7);
  });

  it("reproduces the published forecast: the paper's years from the historical branch, a year earlier with 5x overtraining", async () => {
    const paper = PAPER_STATES.exhaustion;
    const { status, body } = await forecast('?as_of=2024&branch=historical');
    expect(status).toBe(200);
    const e = body.exhaustion;
    // Epoch reads its years off a grid of 100 points over 2015-2039 and floors them, so a
    // continuous quantile lies from the printed year to about 1.25 years above it.
    expect(e.median_year ?? NaN).toBeGreaterThanOrEqual(paper.median);
    expect(e.median_year ?? NaN).toBeLessThan(paper.median + 1.25);
    expect(e.p10_year ?? NaN).toBeGreaterThanOrEqual(paper.p10);
    expect(e.p10_year ?? NaN).toBeLessThan(paper.p10 + 1.5);
    // 2032 ends the paper's POOLED interval, which its compute projection widens.
    expect(e.p90_year ?? NaN).toBeLessThan(paper.p90);
    const base = (await forecast('?as_of=2024&branch=pooled')).body.exhaustion.median_year ?? NaN;
    const over = (await forecast('?as_of=2024&branch=pooled&overtraining=5')).body.exhaustion.median_year ?? NaN;
    // "About a year earlier": between half a year and a year and a half.
    expect(over - base).toBeLessThan(-0.5);
    expect(over - base).toBeGreaterThan(-1.5);
  });

  it('refuses a bad parameter with a 400 that names it', async () => {
    const cases: [string, string][] = [
      ['?stock_p5=lots', 'stock_p5'],
      ['?stock_p50=1e14', 'stock_p50'],
      ['?demand_growth_p5=3&demand_growth_p95=2', 'demand_growth_p5'],
      ['?stock_p95=1e12', 'stock_p95'],
      ['?draws=5', 'draws'],
      ['?seed=-1', 'seed'],
      ['?overtraining=0.5', 'overtraining'],
      ['?as_of=soon', 'as_of'],
      ['?seed=1&seed=2', 'seed'],
      ['?branch=sideways', 'branch'],
      ['?inputs=mine', 'inputs'],
      ['?ai_share=on', 'ai_share'],
      ['?model=simple&branch=compute', 'branch'],
      ['?model=other', 'model']
    ];
    for (const [query, param] of cases) {
      const { status, body } = await forecast(query);
      expect(status, query).toBe(400);
      expect(body.param, query).toBe(param);
      expect(body.error, query).toContain(param);
    }
  });

  it('follows an import of training runs at once', async () => {
    const before = (await forecast('?model=simple')).body.assumptions.demand?.source ?? '';
    const runs = Number(/of (\d+) runs/.exec(before)?.[1]);
    expect(runs).toBeGreaterThan(0);
    const r = await ingest(s.url, 'training', [
      { model: 'Giant test model', published: '2024-06-01', training_tokens: 4e13, source: 'test' }
    ]);
    expect(r.status).toBe(200);
    const after = (await forecast('?model=simple')).body.assumptions.demand?.source ?? '';
    expect(after).toContain(`of ${runs + 1} runs`);
  });
});

describe('panels', () => {
  it('lists forecast.peak_data and training.dataset_sizes in the catalogue with their columns', async () => {
    const { panels } = (await (await fetch(`${s.url}/api/panels`)).json()) as { panels: PanelInfo[] };
    const peak = panels.find((p) => p.id === 'forecast.peak_data');
    expect(peak?.streams).toEqual(['training', 'crawl']);
    expect(peak?.dimensions).toEqual([]);
    expect(peak?.chart).toBe('forecast');
    const sizes = panels.find((p) => p.id === 'training.dataset_sizes');
    expect(sizes?.chart).toBe('scatter-log');
    expect(sizes?.dimensions).toEqual(['model']);
  });

  it("describes training.dataset_sizes's trend as the live simple model's demand input, and the default forecast's as Epoch's own regression", async () => {
    const { panels } = (await (await fetch(`${s.url}/api/panels`)).json()) as { panels: PanelInfo[] };
    const description = panels.find((p) => p.id === 'training.dataset_sizes')?.description ?? '';
    // What GET /api/forecast uses when nothing is asked for: its demand rests on Epoch's fit over
    // the models of dataset_sizes.csv, not on this panel's frontier trend over training_runs.
    const byDefault = (await forecast()).body;
    expect(byDefault).toMatchObject({ model: 'epoch', inputs: 'published' });
    const fit = /over the (\d+) models of data\/dataset_sizes\.csv/.exec(byDefault.assumptions.demand_growth?.source ?? '');
    expect(fit, byDefault.assumptions.demand_growth?.source).not.toBeNull();
    expect(byDefault.assumptions.demand_growth?.source).not.toContain('training_runs');
    expect(description).toContain(
      `the default forecast uses Epoch AI's own regression over the ${fit?.[1]} models of its dataset_sizes.csv`
    );
    expect(description).not.toMatch(/uses by default|the one GET \/api\/forecast uses/);
    // The forecast whose demand input the line is: the live simple model, fitted to the frontier.
    expect(description).toContain('This line is the demand input of the live forecasts (inputs=live, model=simple)');
    const simple = (await forecast('?model=simple')).body;
    expect(simple.assumptions.demand?.source).toMatch(/^measured from training_runs, \d+ frontier runs \(top 10 at release\)/);
    expect(description).toContain('over the frontier (top 10 at release) of all runs since 2010');
  });

  it('answers forecast.peak_data over REST with one row per year and the forecast summary', async () => {
    const res = await fetch(`${s.url}/api/panels/forecast.peak_data`);
    expect(res.status).toBe(200);
    const { rows } = (await res.json()) as { rows: Record<string, number | null>[] };
    const api = (await forecast()).body;
    expect(rows).toHaveLength(api.probability_by_year.length);
    // From 2020, so the paper's 2026 and the runs of recent years are on the chart.
    expect(rows[0]?.year).toBe(2020);
    expect(rows[rows.length - 1]?.year).toBe(Math.floor(api.as_of) + FORECAST_DEFAULTS.horizonYears);
    expect(rows[0]?.paper_median).toBe(2028);
    expect(rows.map((r) => r.crossing_share)).toEqual(api.histogram.map((h) => h.share));
    expect(rows[0]?.exhaustion_median).toBe(api.exhaustion.median_year);
    expect(rows.map((r) => r.p_exhausted)).toEqual(api.probability_by_year.map((y) => y.p));
    expect(rows[3]?.stock_p50).toBe(api.stock[3]?.p50);
    expect(rows[3]?.demand_p95).toBe(api.demand[3]?.p95);
    // No dimension filters.
    const bad = await fetch(`${s.url}/api/panels/forecast.peak_data?lang=en`);
    expect(bad.status).toBe(400);
  });

  it('answers forecast.peak_data over the socket', async () => {
    const c: Socket<ServerToClientEvents, ClientToServerEvents> = connect(s.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true
    });
    try {
      // No timer of its own: the test's timeout is the hang guard.
      const data = new Promise<PanelData>((resolve) => c.on('panel:data', resolve));
      const ack = await new Promise((resolve) => c.emit('subscribe', { panel: 'forecast.peak_data', filters: {} }, resolve));
      expect(ack).toEqual({ key: 'forecast.peak_data' });
      const d = await data;
      expect(d.panel).toBe('forecast.peak_data');
      expect(d.rows.length).toBeGreaterThan(FORECAST_DEFAULTS.horizonYears);
      expect(typeof d.rows[0]?.exhaustion_median).toBe('number');
    } finally {
      c.close();
    }
  });

  it('answers training.dataset_sizes with the runs and the fitted trend', async () => {
    const res = await fetch(`${s.url}/api/panels/training.dataset_sizes`);
    expect(res.status).toBe(200);
    const { rows } = (await res.json()) as { rows: Record<string, string | number | null>[] };
    // Every seeded run from 2010 on, plus the one imported above.
    expect(rows.length).toBeGreaterThan(70);
    expect(rows.length).toBeLessThanOrEqual(seeded + 1);
    const fitted = rows.filter((r) => r.frontier === 1);
    expect(fitted.length).toBeGreaterThan(10);
    for (const r of rows) expect(Number(r.trend)).toBeGreaterThan(0);
    // The trend grows: later runs sit on a higher line.
    const first = rows[0];
    const last = rows[rows.length - 1];
    expect(Number(last?.trend)).toBeGreaterThan(Number(first?.trend) * 100);
    const one = await fetch(`${s.url}/api/panels/training.dataset_sizes?model=${encodeURIComponent('Llama 3-70B')}`);
    const only = (await one.json()) as { rows: { model: string; training_tokens: number }[] };
    expect(only.rows).toEqual([expect.objectContaining({ model: 'Llama 3-70B', training_tokens: 15e12 })]);
  });
});

describe("compute projection in Epoch's format", () => {
  it('replaces the shipped table once imported, and a bad file is refused naming its line', async () => {
    const before = (await forecast('?as_of=2024&branch=compute&draws=20000')).body;
    expect(before.assumptions.compute?.source).toContain('Besiroglu');
    // Three paths, each 1 OOM of compute a year faster than the table from 2025 on.
    const lines: string[] = [];
    [0, 1, 2].forEach((path) => {
      for (const [year, c] of [
        [2023, 24.5],
        [2025, 26 + path * 0.2],
        [2030, 31 + path * 0.2],
        [2040, 41 + path * 0.2]
      ] as const) {
        lines.push(`${path},${c},${year}`);
      }
    });
    const r = await saveProjection(s.app.engine, lines.join('\n'), 'fast_projection.csv');
    expect(r).toMatchObject({ paths: 3, years: [2023, 2025, 2030, 2040] });
    const after = (await forecast('?as_of=2024&branch=compute&draws=20000')).body;
    expect(after.assumptions.compute?.source).toContain('imported from fast_projection.csv');
    expect(after.exhaustion.median_year ?? NaN).toBeLessThan(before.exhaustion.median_year ?? NaN);
    await expect(saveProjection(s.app.engine, '0,26,2025\n0,x,2030\n', 'bad.csv')).rejects.toThrow(/line 2: log10 FLOP "x"/);
  });
});

// The diversity panels answer from answers stored when samples are ingested: after each batch the
// stored answers already hold it (before any read), and what the panels show equals what their
// query over the rollups computes from the same samples: after a first batch, after a second one
// that changes generation 0 (and so every generation's tail mass), after a retried batch the
// deduplication token drops, and after samples written around the ingest path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panelRows } from '../../server/diversity/compute';
import { byGenerationSql, trendSql } from '../../server/panels/domains/diversity-sql';
import { byGeneration, trend } from '../../server/panels/domains/diversity';
import { COLLAPSE_FAMILY, promptId, simulateCollapse } from '../../server/simulate/collapse';
import { getPanel, ingest, startServer, type TestServer } from '../helpers/server';

type Row = Record<string, string | number | null>;

let s: TestServer;
const run = simulateCollapse({ seed: 3, textsPerGeneration: 40, generations: 4 });
const BASE = Date.UTC(2025, 0, 1);
const FROM = '2024-12-01';
const TO = '2025-03-01';

/** The collapse run's texts of these generations, a text an hour from BASE (so several days and weeks). */
function samples(generations: readonly number[]): Row[] {
  return run.chains.flatMap((chain) =>
    chain.generations
      .filter((g) => generations.includes(g.generation))
      .flatMap((g) =>
        g.texts.map((text, i) => ({
          ts: BASE + (g.generation * 40 + i) * 3_600_000,
          model_family: COLLAPSE_FAMILY,
          model: chain.variant.model,
          generation: g.generation,
          prompt_id: promptId(i),
          text
        }))
      )
  );
}

beforeAll(async () => {
  s = await startServer();
});

afterAll(async () => {
  await s?.close();
});

const panel = (id: string, query: string) => getPanel<Row>(s.url, id, query);

const GEN_KEYS = ['model_family', 'model', 'generation'];
const TREND_KEYS = ['t', 'model_family', 'model'];
const metricsOf = (cols: readonly { name: string; role: string }[]) => cols.filter((c) => c.role === 'measure').map((c) => c.name);
// The replicate bands come from Node, not from the query: compared without them.
const GEN_METRICS = metricsOf(byGeneration.info.columns).filter((c) => !c.startsWith('distinct_1_rep'));
const TREND_METRICS = metricsOf(trend.info.columns);

/** What the panels' queries over the rollups compute now, as the panels did on every read before. */
async function computedGeneration(filters: Record<string, string[]>): Promise<Row[]> {
  const q = byGenerationSql(filters);
  return panelRows(await s.app.engine.rows<Row>(q.sql, { tag: 'test computed', params: q.params }), GEN_KEYS, GEN_METRICS);
}
async function computedTrend(grain: 'day' | 'week' | 'month'): Promise<Row[]> {
  const q = trendSql({}, grain, Date.parse(FROM), Date.parse(TO));
  return panelRows(await s.app.engine.rows<Row>(q.sql, { tag: 'test computed', params: q.params }), TREND_KEYS, TREND_METRICS);
}

function shown(rows: Row[], keys: readonly string[], metrics: readonly string[]): Row[] {
  return rows.map((r) => Object.fromEntries([...keys, ...metrics].map((c) => [c, r[c] ?? null])));
}

/**
 * The expected rows with every fraction matched to 12 decimal places: the engine sums floats over
 * parallel threads in no fixed order, so the same query twice may differ in its last bit
 * (0.6619016371937546 against ...545). Counts and keys still match exactly.
 */
const approx = (rows: Row[]): Row[] =>
  rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? expect.closeTo(v, 12) : v]))
  ) as Row[];

/** Every view compared: all families and one, each trend grain. */
async function expectPanelsEqualComputed(at: string): Promise<void> {
  const all = await computedGeneration({});
  expect(all.length, at).toBeGreaterThan(0);
  expect(shown(await panel('diversity.by_generation', ''), GEN_KEYS, GEN_METRICS), at).toEqual(approx(all));
  const one = await computedGeneration({ model: ['recursive'] });
  expect(shown(await panel('diversity.by_generation', 'model=recursive'), GEN_KEYS, GEN_METRICS), at).toEqual(approx(one));
  for (const grain of ['day', 'week', 'month'] as const) {
    const want = await computedTrend(grain);
    expect(want.length, `${at} ${grain}`).toBeGreaterThan(0);
    expect(await panel('diversity.trend', `from=${FROM}&to=${TO}&grain=${grain}`), `${at} ${grain}`).toEqual(approx(want));
  }
}

/** The stored answers' text counts by group, read straight from the tables. */
async function storedTexts(): Promise<{ generation: number; trend: number }> {
  const [g] = await s.app.engine.rows<{ n: number }>('SELECT sum(texts) AS n FROM diversity_generation_result FINAL', { tag: 'test' });
  const [t] = await s.app.engine.rows<{ n: number }>("SELECT sum(texts) AS n FROM diversity_trend_result FINAL WHERE grain = 'month'", {
    tag: 'test'
  });
  return { generation: Number(g?.n ?? 0), trend: Number(t?.n ?? 0) };
}

describe('stored diversity answers', () => {
  const second = samples([2, 3]);
  const key = { 'idempotency-key': 'diversity-stored-0001' };

  it('are written by the ingest of a batch and equal the computed answer', async () => {
    const first = samples([0, 1]);
    expect((await ingest(s.url, 'samples', first)).status).toBe(200);
    // Before any read: the insert's ingest stored them.
    expect(await storedTexts()).toEqual({ generation: first.length, trend: first.length });
    await expectPanelsEqualComputed('first batch');
  });

  it('follow a second batch', async () => {
    expect((await ingest(s.url, 'samples', second, key)).status).toBe(200);
    expect(await storedTexts()).toEqual({ generation: samples([0, 1, 2, 3]).length, trend: samples([0, 1, 2, 3]).length });
    await expectPanelsEqualComputed('second batch');
  });

  it('follow new generation-0 texts into every generation of the family', async () => {
    const before = await panel('diversity.by_generation', `model_family=${COLLAPSE_FAMILY}`);
    const extra = samples([0]).map((r, i) => ({
      ...r,
      ts: Number(r.ts) + 1000,
      prompt_id: `extra-${i}`,
      text: `${String(r.text)} zebra quokka`
    }));
    expect((await ingest(s.url, 'samples', extra)).status).toBe(200);
    const after = await panel('diversity.by_generation', `model_family=${COLLAPSE_FAMILY}`);
    // Generation 3's texts did not change, its tail mass did (generation 0's top words did).
    const g3 = (rows: Row[]) => rows.find((r) => r.model === 'recursive' && r.generation === 3);
    expect(g3(after)?.texts).toBe(g3(before)?.texts);
    expect(g3(after)?.tail_mass).not.toBe(g3(before)?.tail_mass);
    await expectPanelsEqualComputed('generation-0 batch');
  });

  it('do not change when a retried batch is dropped by its deduplication token', async () => {
    const before = await storedTexts();
    // As after a crash between the insert and its idempotency record: the retry reaches the insert.
    await s.app.engine.command("DELETE FROM ingest_requests WHERE idempotency_key = 'diversity-stored-0001'", { tag: 'test' });
    expect((await ingest(s.url, 'samples', second, key)).status).toBe(200);
    expect(await storedTexts()).toEqual(before);
    await expectPanelsEqualComputed('retried batch');
  });

  it('are computed by the read when samples arrive around the ingest path', async () => {
    const lines = samples([1]).map((r) => JSON.stringify({ ...r, model: 'direct', ts: Number(r.ts) + 7 * 86_400_000 }));
    await s.app.engine.insertJsonEachRow(
      'model_samples',
      ['ts', 'model_family', 'model', 'generation', 'prompt_id', 'text'],
      Buffer.from(lines.join('\n') + '\n'),
      { tag: 'test direct' }
    );
    const before = await storedTexts();
    await expectPanelsEqualComputed('direct insert');
    // The reads found the new groups out of date and stored them.
    expect((await storedTexts()).generation).toBe(before.generation + lines.length);
  });
});

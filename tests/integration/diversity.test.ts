// The diversity panels on the simulated model collapse, ingested through the public API: the
// rollup-backed panels agree with the reference implementation of every metric over the same
// texts, and the metrics show the collapse (Shumailov et al. 2024): diversity falls over
// generations of recursive training, much less when 10% of the original data is kept. Rows
// ingested later merge into the same groups; a retried batch is not counted twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISTINCT_RELATIVE_ERROR,
  compressionRatio,
  distinctN,
  entropyN,
  tailMass,
  topWords,
  typeTokenRatio,
  words
} from '../../server/diversity/metrics';
import { COLLAPSE_FAMILY, promptId, simulateCollapse } from '../../server/simulate/collapse';
import { getPanel, ingest, startServer, type TestServer } from '../helpers/server';

type Row = Record<string, string | number | null>;

let s: TestServer;
const run = simulateCollapse({ seed: 1 });
const BASE = Date.UTC(2025, 0, 1);
const TRICKY = 'Don’t STOP—über! a~b “Quoted” ΣΑΣ x\u00a0y 22:00 email@tut.by. Don’t stop.';

beforeAll(async () => {
  s = await startServer();
  const rows = run.chains.flatMap((chain) =>
    chain.generations.flatMap((g) =>
      g.texts.map((text, i) => ({
        // One minute apart in text order, so "oldest first" is the order of the texts here.
        ts: BASE + (g.generation * 1000 + i) * 60_000,
        model_family: COLLAPSE_FAMILY,
        model: chain.variant.model,
        generation: g.generation,
        synthetic_fraction: chain.variant.syntheticFraction,
        prompt_id: promptId(i),
        text
      }))
    )
  );
  expect((await ingest(s.url, 'samples', rows)).status).toBe(200);
  const tricky = { ts: BASE, model_family: 'tokenizer-test', model: 'm', generation: 0, text: TRICKY };
  expect((await ingest(s.url, 'samples', [tricky])).status).toBe(200);
});

afterAll(async () => {
  await s?.close();
});

const panel = (id: string, query: string) => getPanel<Row>(s.url, id, query);

/**
 * Distinct-n from the uniqCombined64 sketch: exact for small groups, beyond that within the
 * stated bound of the reference's exact value.
 */
function expectDistinct(got: unknown, texts: readonly string[], n: number, at: string): void {
  const want = distinctN(texts, n);
  if (want === null) return expect(got, at).toBeNull();
  expect(Math.abs(Number(got) / want - 1), `${at} distinct_${n}: ${String(got)} against ${want}`).toBeLessThanOrEqual(
    DISTINCT_RELATIVE_ERROR
  );
}

function metric(rows: Row[], model: string, generation: number, name: string): number {
  const r = rows.find((x) => x.model === model && x.generation === generation);
  return Number(r?.[name]);
}

describe('diversity.by_generation', () => {
  it('computes in SQL what the reference implementation computes', async () => {
    const rows = await panel('diversity.by_generation', `model_family=${COLLAPSE_FAMILY}`);
    expect(rows).toHaveLength(20);
    const gen0 = run.chains.flatMap((c) => c.generations[0]?.texts ?? []);
    const top = topWords(gen0, 100);
    for (const chain of run.chains) {
      for (const g of chain.generations) {
        const r = rows.find((x) => x.model === chain.variant.model && x.generation === g.generation);
        const at = `${chain.variant.model} generation ${g.generation}`;
        expect(r, at).toBeDefined();
        expect(r?.texts, at).toBe(200);
        expect(r?.tokens, at).toBe(g.texts.flatMap(words).length);
        for (const n of [1, 2, 3]) expectDistinct(r?.[`distinct_${n}`], g.texts, n, at);
        expect(Number(r?.entropy_1), at).toBeCloseTo(entropyN(g.texts, 1) ?? NaN, 9);
        expect(Number(r?.ttr), at).toBeCloseTo(typeTokenRatio(g.texts) ?? NaN, 12);
        expect(Number(r?.tail_mass), at).toBeCloseTo(tailMass(g.texts, top) ?? NaN, 12);
        expect(Number(r?.compression_ratio), at).toBeCloseTo(compressionRatio(g.texts) ?? NaN, 12);
      }
    }
  });

  it('shows the collapse: distinct-1 and entropy fall over generations, much less when 10% original data is kept', async () => {
    const rows = await panel('diversity.by_generation', `model_family=${COLLAPSE_FAMILY}`);
    const drop = (model: string, name: string) => metric(rows, model, 0, name) - metric(rows, model, 9, name);
    const measured = {
      distinct_1: { recursive: drop('recursive', 'distinct_1'), keep10: drop('recursive-keep10', 'distinct_1') },
      entropy_1: { recursive: drop('recursive', 'entropy_1'), keep10: drop('recursive-keep10', 'entropy_1') }
    };
    console.info('diversity.test collapse', JSON.stringify(measured));
    // Recursive: distinct-1 about 0.133 -> 0.027, unigram entropy about 7.70 -> 3.54 bits (seed 1).
    expect(measured.distinct_1.recursive).toBeGreaterThan(0.05);
    expect(measured.entropy_1.recursive).toBeGreaterThan(0.2);
    // Every generation of the recursive chain is less diverse than the one before it, give or take noise.
    for (let g = 1; g < 10; g++)
      expect(metric(rows, 'recursive', g, 'distinct_1')).toBeLessThan(metric(rows, 'recursive', g - 1, 'distinct_1') + 0.01);
    // Keeping 10% of the original data: the falls are well under those of the recursive chain.
    expect(measured.distinct_1.keep10).toBeLessThan(0.7 * measured.distinct_1.recursive);
    expect(measured.entropy_1.keep10).toBeLessThan(0.7 * measured.entropy_1.recursive);
    expect(metric(rows, 'recursive-keep10', 9, 'distinct_1')).toBeGreaterThan(metric(rows, 'recursive', 9, 'distinct_1') + 0.02);
  });

  it('carries the replicate range of distinct-1 on the simulated models’ rows, and none on others', async () => {
    const rows = await panel('diversity.by_generation', `model_family=${COLLAPSE_FAMILY}`);
    for (const chain of run.chains) {
      for (const g of chain.generations) {
        const r = rows.find((x) => x.model === chain.variant.model && x.generation === g.generation);
        const at = `${chain.variant.model} generation ${g.generation}`;
        const [lo, hi] = [Number(r?.distinct_1_rep_min), Number(r?.distinct_1_rep_max)];
        expect(hi, at).toBeGreaterThan(lo);
        // The texts ingested here are the seed-1 run, one of the replicates: inside the range.
        const exact = distinctN(g.texts, 1) ?? NaN;
        expect(exact, at).toBeGreaterThanOrEqual(lo);
        expect(exact, at).toBeLessThanOrEqual(hi);
      }
    }
    // The recursive chain's fall is beyond chance: its last generation's range lies below its first's.
    const range = (g: number) => rows.find((x) => x.model === 'recursive' && x.generation === g);
    expect(Number(range(9)?.distinct_1_rep_max)).toBeLessThan(Number(range(0)?.distinct_1_rep_min));
    const [other] = await panel('diversity.by_generation', 'model_family=tokenizer-test');
    expect(other).toMatchObject({ distinct_1_rep_min: null, distinct_1_rep_max: null });
  });

  it('takes the model filter and refuses filters it does not have', async () => {
    const rows = await panel('diversity.by_generation', 'model=recursive');
    expect(rows.map((r) => r.generation)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set(['recursive']));
    const res = await fetch(`${s.url}/api/panels/diversity.by_generation?lang=en`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { param: string }).param).toBe('lang');
  });

  it('splits words in SQL exactly as the reference does, whatever the script and punctuation', async () => {
    const [r] = await panel('diversity.by_generation', 'model_family=tokenizer-test');
    const ws = words(TRICKY);
    expect(ws).toEqual([
      'don',
      't',
      'stop',
      'über',
      'a~b',
      'quoted',
      'σας',
      'x',
      'y',
      '22',
      '00',
      'email',
      'tut',
      'by',
      'don',
      't',
      'stop'
    ]);
    expect(r?.tokens).toBe(ws.length);
    // A handful of distinct n-grams: the sketch counts them exactly.
    expect(Number(r?.distinct_1)).toBeCloseTo(distinctN([TRICKY], 1) ?? NaN, 12);
    expect(Number(r?.distinct_2)).toBeCloseTo(distinctN([TRICKY], 2) ?? NaN, 12);
    // Its own generation 0 is the reference and holds fewer than 100 distinct words.
    expect(r?.tail_mass).toBe(0);
  });
});

describe('diversity.trend', () => {
  it("gives, per model and day, what the reference computes over that day's texts", async () => {
    const rows = await panel('diversity.trend', `from=2024-12-01&to=2025-02-01&grain=day&model_family=${COLLAPSE_FAMILY}`);
    // The texts by (day, model), as the test wrote them.
    const byDay = new Map<string, string[]>();
    for (const chain of run.chains)
      for (const g of chain.generations)
        g.texts.forEach((text, i) => {
          const ms = BASE + (g.generation * 1000 + i) * 60_000;
          const key = `${ms - (ms % 86_400_000)} ${chain.variant.model}`;
          byDay.set(key, [...(byDay.get(key) ?? []), text]);
        });
    expect(rows).toHaveLength(byDay.size);
    for (const r of rows) {
      const at = `${new Date(Number(r.t)).toISOString()} ${String(r.model)}`;
      const texts = byDay.get(`${String(r.t)} ${String(r.model)}`);
      expect(texts, at).toBeDefined();
      if (!texts) continue;
      expect(r.texts, at).toBe(texts.length);
      expect(r.tokens, at).toBe(texts.flatMap(words).length);
      for (const n of [1, 2, 3]) expectDistinct(r[`distinct_${n}`], texts, n, at);
      expect(Number(r.ttr), at).toBeCloseTo(typeTokenRatio(texts) ?? NaN, 12);
      expect(Number(r.compression_ratio), at).toBeCloseTo(compressionRatio(texts) ?? NaN, 12);
    }
    // Generation 0 is written on 1 January: the first day holds both models' generation-0 texts.
    const first = rows.filter((r) => r.t === BASE);
    expect(new Set(first.map((r) => r.model))).toEqual(new Set(['recursive', 'recursive-keep10']));
  });

  it('holds in its weeks and months the texts of its days', async () => {
    const q = `from=2024-12-01&to=2025-02-01&model_family=${COLLAPSE_FAMILY}`;
    const days = await panel('diversity.trend', `${q}&grain=day`);
    for (const grain of ['week', 'month']) {
      const rows = await panel('diversity.trend', `${q}&grain=${grain}`);
      expect(rows.length, grain).toBeLessThan(days.length);
      const total = (rs: Row[]) => rs.reduce((a, r) => a + Number(r.texts), 0);
      expect(total(rows), grain).toBe(total(days));
    }
  });

  it('has no minute or hour buckets: the rollups hold days, weeks and months', async () => {
    const res = await fetch(`${s.url}/api/panels/diversity.trend?grain=hour`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { param: string }).param).toBe('grain');
  });
});

describe('samples arriving later', () => {
  const FAMILY = 'merge-test';
  const texts = ['the cat sat on the mat', 'a dog ran in the park today', 'the cat ran', 'birds sing at dawn', 'the mat is red'];
  const row = (text: string, i: number) => ({ ts: BASE + i * 60_000, model_family: FAMILY, model: 'm', generation: 0, text });

  async function group(): Promise<Row | undefined> {
    return (await panel('diversity.by_generation', `model_family=${FAMILY}`))[0];
  }

  function expectReference(r: Row | undefined, sent: readonly string[]): void {
    expect(r?.texts).toBe(sent.length);
    expect(r?.tokens).toBe(sent.flatMap(words).length);
    for (const n of [1, 2, 3]) expect(Number(r?.[`distinct_${n}`])).toBeCloseTo(distinctN(sent, n) ?? NaN, 12);
    expect(Number(r?.entropy_1)).toBeCloseTo(entropyN(sent, 1) ?? NaN, 9);
    expect(Number(r?.ttr)).toBeCloseTo(typeTokenRatio(sent) ?? NaN, 12);
    expect(Number(r?.compression_ratio)).toBeCloseTo(compressionRatio(sent) ?? NaN, 12);
  }

  it('merge into the groups the panel already showed, and a retried batch counts once', async () => {
    expect((await ingest(s.url, 'samples', texts.slice(0, 3).map(row))).status).toBe(200);
    expectReference(await group(), texts.slice(0, 3));

    const later = texts.slice(3).map((t, i) => row(t, 3 + i));
    const key = { 'idempotency-key': 'samples-later-0001' };
    expect((await ingest(s.url, 'samples', later, key)).status).toBe(200);
    expectReference(await group(), texts);

    // A retry answered from the idempotency record, then one that reaches the insert (as after a
    // crash between the insert and the record): the deduplication token must drop it in every rollup.
    expect((await ingest(s.url, 'samples', later, key)).body).toMatchObject({ replayed: true });
    await s.app.engine.command("DELETE FROM ingest_requests WHERE idempotency_key = 'samples-later-0001'", { tag: 'test' });
    expect((await ingest(s.url, 'samples', later, key)).status).toBe(200);
    expectReference(await group(), texts);
    const trend = await panel('diversity.trend', `from=2024-12-01&to=2025-02-01&grain=month&model_family=${FAMILY}`);
    expect(trend.map((r) => r.texts)).toEqual([texts.length]);
  });
});

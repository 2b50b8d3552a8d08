// The diversity panels on the simulated model collapse, ingested through the public API: the SQL
// agrees with the reference implementation of every metric, and the metrics show the collapse
// (Shumailov et al. 2024): diversity falls over generations of recursive training, much less
// when 10% of the original data is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compressionRatio,
  distinctN,
  entropyN,
  selfRepetition,
  tailMass,
  topWords,
  typeTokenRatio,
  words
} from '../../server/diversity/metrics';
import { COLLAPSE_FAMILY, promptId, simulateCollapse } from '../../server/simulate/collapse';
import { ingest, startServer, type TestServer } from '../helpers/server';

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

async function panel(id: string, query: string): Promise<Row[]> {
  const res = await fetch(`${s.url}/api/panels/${id}?${query}`);
  const body = (await res.json()) as { rows: Row[]; error?: string };
  if (res.status !== 200) throw new Error(`${res.status} ${body.error}`);
  return body.rows;
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
        expect(Number(r?.distinct_1), at).toBeCloseTo(distinctN(g.texts, 1) ?? NaN, 12);
        expect(Number(r?.distinct_2), at).toBeCloseTo(distinctN(g.texts, 2) ?? NaN, 12);
        expect(Number(r?.distinct_3), at).toBeCloseTo(distinctN(g.texts, 3) ?? NaN, 12);
        expect(Number(r?.entropy_1), at).toBeCloseTo(entropyN(g.texts, 1) ?? NaN, 9);
        expect(Number(r?.entropy_2), at).toBeCloseTo(entropyN(g.texts, 2) ?? NaN, 9);
        expect(Number(r?.ttr), at).toBeCloseTo(typeTokenRatio(g.texts) ?? NaN, 12);
        expect(Number(r?.self_repetition), at).toBeCloseTo(selfRepetition(g.texts) ?? NaN, 9);
        expect(Number(r?.tail_mass), at).toBeCloseTo(tailMass(g.texts, top) ?? NaN, 12);
        expect(r?.compression_ratio, at).toBe(compressionRatio(g.texts));
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
    // Recursive: distinct-1 about 0.147 -> 0.078, unigram entropy about 8.16 -> 7.82 bits (seed 1).
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
    expect(Number(r?.distinct_1)).toBeCloseTo(distinctN([TRICKY], 1) ?? NaN, 12);
    expect(Number(r?.distinct_2)).toBeCloseTo(distinctN([TRICKY], 2) ?? NaN, 12);
    // Its own generation 0 is the reference and holds fewer than 100 distinct words.
    expect(r?.tail_mass).toBe(0);
  });
});

describe('diversity.trend', () => {
  it('gives the metrics per model and period over at most 50 texts each', async () => {
    const rows = await panel('diversity.trend', `from=2024-12-01&to=2025-02-01&grain=day&model_family=${COLLAPSE_FAMILY}`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(typeof r.t).toBe('number');
      expect(Number(r.texts)).toBeLessThanOrEqual(50);
      expect(Number(r.distinct_1)).toBeGreaterThan(0);
    }
    // Generation 0 is written on 1 January: the first day holds both models' generation-0 texts.
    const first = rows.filter((r) => r.t === BASE);
    expect(new Set(first.map((r) => r.model))).toEqual(new Set(['recursive', 'recursive-keep10']));
  });
});

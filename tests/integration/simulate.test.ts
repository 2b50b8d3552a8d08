// The simulator against a real embedded ClickHouse: backfill an empty database, then check with
// SQL over the raw tables that every calibration target is hit, and that live rows keep to the
// public ingest contract.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedConfig, openEngine, type Engine } from '../../server/engine/engine';
import { migrate } from '../../server/engine/migrations';
import { EPOCH_TOKENS_PER_WORD } from '../../server/forecast/epoch-inputs';
import { projectRoot } from '../../server/paths';
import { simulateHistory, startLiveSimulator, type BackfillCounts } from '../../server/simulate';
import { EPOCH_SEED_FILE, EPOCH_SOURCE, readEpochDatasetSizes } from '../../server/simulate/training-seed';
import { ManualClock } from '../helpers/manual-clock';

let dir = '';
let engine: Engine;
let counts: BackfillCounts;
let backfillMs = 0;
const measured: Record<string, number> = {};

// A fixed end keeps the history, and so every measured value, the same on every run.
const TO = new Date('2026-11-27T00:00:00Z');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdo-simulate-'));
  engine = await openEngine(embeddedConfig(dir));
  await migrate(engine, join(projectRoot(), 'clickhouse/migrations'));
  const { elapsedMs, ...rest } = await simulateHistory(engine, { info() {} }, { to: TO, seed: 1 });
  counts = rest;
  backfillMs = elapsedMs;
});

afterAll(async () => {
  // The measured values, for the record (the report of a run quotes them).
  console.info('simulate.test measured', JSON.stringify({ backfill_ms: Math.round(backfillMs), counts, ...measured }));
  await engine?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function one<T>(sql: string, params: Record<string, unknown> = {}): Promise<T> {
  const [row] = await engine.rows<T>(sql, { tag: 'test.simulate', params, timeoutS: 30 });
  if (!row) throw new Error(`no row from ${sql}`);
  return row;
}

function expectWithin(name: string, value: number, target: number, relative = 0.1): void {
  measured[name] = Number(value.toFixed(4));
  expect(Math.abs(value - target) / Math.abs(target), `${name}: ${value} vs ${target}`).toBeLessThan(relative);
}

async function aiShareOfArticles(from: string, to: string): Promise<number> {
  const r = await one<{ share: number }>(
    `SELECT countIf(provenance = 'ai') / count() AS share FROM crawl_documents
     WHERE content_type = 'article' AND ts >= toDateTime64({from:String}, 3, 'UTC') AND ts < toDateTime64({to:String}, 3, 'UTC')`,
    { from, to }
  );
  return Number(r.share);
}

/** Mean weekly postings of a category over whole weeks [from, to). */
async function weeklyPostings(category: string, from: string, to: string): Promise<number> {
  const r = await one<{ n: number; weeks: number }>(
    `SELECT count() AS n, dateDiff('day', toDate({from:String}), toDate({to:String})) / 7 AS weeks FROM market_postings
     WHERE category = {category:String} AND ts >= toDateTime64({from:String}, 3, 'UTC') AND ts < toDateTime64({to:String}, 3, 'UTC')`,
    { category, from, to }
  );
  return Number(r.n) / Number(r.weeks);
}

describe('backfill', () => {
  it('fills every raw table at the planned volumes', () => {
    expect(counts.crawl).toBeGreaterThan(1_500_000);
    expect(counts.crawl).toBeLessThan(2_000_000);
    expect(counts.market).toBeGreaterThan(200_000);
    expect(counts.market).toBeLessThan(400_000);
    expect(counts.samples).toBe(2 * 10 * 200);
  });

  it('inserted what it reports', async () => {
    const r = await one<{ crawl: number; market: number; samples: number }>(
      `SELECT (SELECT count() FROM crawl_documents) AS crawl, (SELECT count() FROM market_postings) AS market,
              (SELECT count() FROM model_samples) AS samples`
    );
    expect(Number(r.crawl)).toBe(counts.crawl);
    expect(Number(r.market)).toBe(counts.market);
    expect(Number(r.samples)).toBe(counts.samples);
  });

  it('AI share of articles is near zero before ChatGPT', async () => {
    const share = await aiShareOfArticles('2020-01-01', '2022-11-01');
    measured.ai_share_pre_chatgpt = Number(share.toFixed(4));
    expect(share).toBeLessThan(0.03);
  });

  it('the simulated AI share of articles meets its calibration targets, taken from Graphite 2025: 39% in Nov 2023, 50.3% in Nov 2024, about 52% in May 2025', async () => {
    expectWithin('ai_share_nov_2023', await aiShareOfArticles('2023-11-01', '2023-12-01'), 0.39);
    expectWithin('ai_share_nov_2024', await aiShareOfArticles('2024-11-01', '2024-12-01'), 0.503);
    expectWithin('ai_share_may_2025', await aiShareOfArticles('2025-05-01', '2025-06-01'), 0.52);
  });

  it('detector scores flag human articles at the false positive rate and miss AI ones at the false negative rate', async () => {
    const r = await one<{ fpr: number; fnr: number }>(
      `SELECT countIf(provenance = 'human' AND ai_score >= 0.5) / countIf(provenance = 'human') AS fpr,
              countIf(provenance = 'ai' AND ai_score < 0.5) / countIf(provenance = 'ai') AS fnr
       FROM crawl_documents WHERE detector = 'classifier'`
    );
    measured.detector_fpr = Number(Number(r.fpr).toFixed(4));
    measured.detector_fnr = Number(Number(r.fnr).toFixed(4));
    expect(Math.abs(Number(r.fpr) - 0.042)).toBeLessThan(0.005);
    expect(Math.abs(Number(r.fnr) - 0.006)).toBeLessThan(0.003);
  });

  // Pre-ChatGPT baseline: whole weeks from Monday 2020-01-06 to Monday 2022-10-31. The window:
  // the nine weeks from Monday 2023-07-03, around eight months after ChatGPT.
  const baseline = ['2020-01-06', '2022-10-31'] as const;
  const window = ['2023-07-03', '2023-09-04'] as const;
  for (const [category, target] of [
    ['writing', 0.7],
    ['coding', 0.79],
    ['illustration', 0.83]
  ] as const) {
    it(`simulated ${category} postings in Jul-Aug 2023 meet their calibration target, taken from Demirci et al. 2025: ${target} of the pre-Nov-2022 weekly mean`, async () => {
      const before = await weeklyPostings(category, ...baseline);
      const after = await weeklyPostings(category, ...window);
      expectWithin(`postings_${category}`, after / before, target);
    });
  }

  it('simulated writing budgets fall after ChatGPT, by less than 10% (the calibration target, taken from Hui et al. 2024, is 5.2%)', async () => {
    const r = await one<{ before: number; after: number }>(
      `SELECT medianExactIf(budget_usd, ts < '2022-11-01' AND NOT hourly) AS before,
              medianExactIf(budget_usd, ts >= '2023-07-01' AND NOT hourly) AS after
       FROM market_postings WHERE category = 'writing' AND budget_usd IS NOT NULL`
    );
    measured.writing_budget_ratio = Number((Number(r.after) / Number(r.before)).toFixed(4));
    expect(Number(r.after) / Number(r.before)).toBeGreaterThan(0.9);
    expect(Number(r.after) / Number(r.before)).toBeLessThan(1);
  });

  it('seeds one training run per CSV row with a dataset size', async () => {
    const { runs } = readEpochDatasetSizes(readFileSync(join(projectRoot(), EPOCH_SEED_FILE), 'utf8'));
    const r = await one<{ n: number; llama3: number }>(
      `SELECT countIf(source = {source:String}) AS n, countIf(model = 'Llama 3-70B' AND training_tokens = 15e12) AS llama3
       FROM training_runs FINAL`,
      { source: EPOCH_SOURCE }
    );
    measured.training_rows_csv = Number(r.n);
    expect(Number(r.n)).toBe(runs.length);
    expect(Number(r.llama3)).toBe(1);
    const gpt3 = await one<{ tokens: number }>(
      `SELECT training_tokens AS tokens FROM training_runs FINAL WHERE model = 'GPT-3 175B (davinci)'`
    );
    // Epoch's table gives 374e9 words; its code reads tokens as words x 4/5 (epoch-inputs.ts).
    expect(Number(gpt3.tokens)).toBeCloseTo(374e9 * EPOCH_TOKENS_PER_WORD.value, -6);
  });

  it('generation 9 of the recursive model has far fewer distinct words than generation 0; keeping 10% original data keeps more', async () => {
    const rows = await engine.rows<{ model: string; generation: number; distinct: number }>(
      `SELECT model, generation, uniqExact(w) AS distinct
       FROM model_samples ARRAY JOIN tokens(lower(text)) AS w
       WHERE generation IN (0, 9)
       GROUP BY model, generation`,
      { tag: 'test.simulate', timeoutS: 30 }
    );
    const get = (model: string, g: number) => Number(rows.find((r) => r.model === model && Number(r.generation) === g)?.distinct ?? NaN);
    const r0 = get('recursive', 0);
    const r9 = get('recursive', 9);
    const k9 = get('recursive-keep10', 9);
    Object.assign(measured, { distinct_gen0: r0, distinct_gen9_recursive: r9, distinct_gen9_keep10: k9 });
    expect(r9).toBeLessThan(0.7 * r0);
    expect(k9).toBeGreaterThan(1.25 * r9);
  });
});

const CONTRACT: Record<string, { required: string[]; optional: string[] }> = {
  crawl: {
    required: ['ts', 'url', 'lang', 'content_type', 'tokens', 'provenance'],
    optional: ['domain', 'tld', 'published_at', 'crawl_source', 'ai_score', 'detector', 'quality', 'simhash']
  },
  market: {
    required: ['ts', 'platform', 'category', 'posting_id'],
    optional: ['region', 'budget_usd', 'hourly', 'bids', 'mentions_ai', 'status']
  },
  samples: {
    required: ['ts', 'model_family', 'model', 'generation', 'text'],
    optional: ['synthetic_fraction', 'prompt_id']
  },
  training: {
    required: ['model', 'published', 'training_tokens'],
    optional: ['organization', 'parameters', 'compute_flop', 'source']
  }
};

/**
 * Runs the simulator's ticks one by one on manual timers until `done` holds: each step waits for
 * the next tick to be scheduled (the previous one has finished writing), then fires it.
 */
async function tickUntil(timers: ManualClock, intervalMs: number, done: () => boolean): Promise<number> {
  let n = 0;
  while (!done()) {
    await timers.whenArmed();
    timers.advance(intervalMs);
    n++;
  }
  // The tick just fired may still be writing: wait until it has scheduled the next.
  await timers.whenArmed();
  return n;
}

describe('live simulator', () => {
  it('streams market postings at the history volume, so the postings index does not jump', async () => {
    const rows: number[] = [];
    let tickTime = Date.parse('2026-06-01T00:00:00Z');
    const start = tickTime;
    const hour = 3_600_000;
    const timers = new ManualClock(0);
    const live = startLiveSimulator({
      intervalMs: 5,
      crawlPerTick: 0,
      seed: 9,
      timers,
      now: () => (tickTime += hour),
      write: async (stream, body) => {
        if (stream === 'market') rows.push(body.toString('utf8').split('\n').filter(Boolean).length);
      }
    });
    await tickUntil(timers, 5, () => tickTime - start >= 14 * 24 * hour);
    await live.stop();
    const weeks = (tickTime - start) / (7 * 24 * hour);
    const perWeek = rows.reduce((a, b) => a + b, 0) / weeks;
    // The backfill's weekly volume in mid-2026 is BASELINE_POSTINGS_PER_WEEK (1000) times the
    // weighted postings factor, about 0.8 after the declines: within a quarter either way.
    expect(perWeek).toBeGreaterThan(600);
    expect(perWeek).toBeLessThan(1000);
  });

  it('writes NDJSON in the public ingest contract, tick after tick, and stops cleanly', async () => {
    const got: { stream: string; body: Buffer }[] = [];
    let tickTime = Date.parse('2026-11-27T12:00:00Z');
    const timers = new ManualClock(0);
    const live = startLiveSimulator({
      intervalMs: 20,
      crawlPerTick: 25,
      // Calibrated postings come a few an hour; raised so three short ticks carry some.
      marketRate: 200_000,
      seed: 5,
      timers,
      now: () => (tickTime += 20),
      write: async (stream, body) => {
        got.push({ stream, body });
      }
    });
    const ticks = await tickUntil(timers, 20, () => got.filter((g) => g.stream === 'crawl').length >= 3);
    expect(ticks).toBe(3);
    await live.stop();
    // Stopped: no tick is scheduled, and time passing writes nothing more.
    expect(timers.armed).toBe(0);
    const afterStop = got.length;
    timers.advance(60_000);
    expect(got.length).toBe(afterStop);

    const byStream = new Map<string, Record<string, unknown>[]>();
    for (const { stream, body } of got) {
      const text = body.toString('utf8');
      expect(text.endsWith('\n')).toBe(true);
      for (const line of text.split('\n').filter(Boolean)) {
        const row = JSON.parse(line) as Record<string, unknown>;
        const list = byStream.get(stream) ?? [];
        list.push(row);
        byStream.set(stream, list);
      }
    }
    expect(byStream.get('crawl')?.length).toBeGreaterThanOrEqual(75);
    expect(byStream.get('market')?.length).toBeGreaterThanOrEqual(3);
    // Samples come on the first tick and every tenth after: one per generation and variant.
    expect(byStream.get('samples')?.length).toBe(20);

    for (const [stream, rows] of byStream) {
      const spec = CONTRACT[stream];
      if (!spec) throw new Error(`unknown stream ${stream}`);
      const allowed = new Set([...spec.required, ...spec.optional]);
      for (const row of rows) {
        for (const key of Object.keys(row)) expect(allowed.has(key), `${stream}.${key}`).toBe(true);
        for (const key of spec.required) expect(row[key], `${stream}.${key}`).not.toBeUndefined();
        expect(typeof row.ts).toBe('number');
      }
    }
    for (const row of byStream.get('crawl') ?? []) {
      expect(['human', 'ai', 'mixed', 'unknown']).toContain(row.provenance);
      expect(typeof row.simhash).toBe('string');
      expect(String(row.simhash)).toMatch(/^\d+$/);
      expect(BigInt(String(row.simhash))).toBeLessThan(2n ** 64n);
    }
  });

  it('logs a failing write instead of throwing, and keeps ticking', async () => {
    const warnings: string[] = [];
    const streams = new Set<string>();
    let calls = 0;
    const timers = new ManualClock(0);
    let tickTime = Date.parse('2026-11-27T12:00:00Z');
    const live = startLiveSimulator({
      intervalMs: 10,
      seed: 6,
      timers,
      now: () => (tickTime += 10),
      write: async (stream) => {
        calls++;
        streams.add(stream);
        throw new Error('engine down');
      },
      log: { info() {}, warn: (msg) => warnings.push(msg) }
    });
    // Six ticks, each scheduled after the last one's writes all failed.
    await tickUntil(timers, 10, () => calls >= 6);
    await live.stop();
    expect(calls).toBeGreaterThanOrEqual(6);
    // One warning per stream at its first failure, not one per tick.
    expect(warnings).toEqual([...streams].map(() => 'simulate: live write failed'));
  });
});

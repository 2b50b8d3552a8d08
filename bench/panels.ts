// Panel query latency over 50 million crawl rows: every catalogue panel answered as the live hub
// answers it (rollup where the view allows), beside the same panel computed from the raw table.
// The data is the simulator's calibrated history topped up to the target with rows generated in
// ClickHouse (INSERT ... SELECT FROM numbers()), so the rollups fill through the same
// materialized views as real ingest.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../server/engine/engine';
import { gzipBytes } from '../server/diversity/metrics';
import { CATALOGUE } from '../server/panels/catalogue';
import { runPanel } from '../server/panels/run';
import { resolveView } from '../server/panels/view';
import { backfill } from '../server/simulate';
import { COLLAPSE_FAMILY, promptId, simulateCollapse } from '../server/simulate/collapse';
import { tally, type Tally } from './engine-tally';
import { isMain, migratedEngine, percentile, round, sleep } from './lib';

const TARGET = Number(process.env.BENCH_CRAWL_ROWS ?? 50_000_000);
const SAMPLES_TARGET = Number(process.env.BENCH_SAMPLES ?? 100_000);
/** Only panels whose id starts with one of these (comma-separated, e.g. `diversity.,market.rates`); every panel when unset. */
const ONLY = (process.env.BENCH_PANELS ?? '').split(',');
const MARKET_EXTRA = Number(process.env.BENCH_MARKET_ROWS ?? 5_000_000);
const RUNS = Number(process.env.BENCH_PANEL_RUNS ?? 40);
const CHUNK = 5_000_000;
/** Answers counted for queries, rows read and the engine's CPU time per panel. */
const TALLY_RUNS = 5;
/**
 * A data directory to keep: loaded on the first run, reused as it is by the next ones (new
 * migrations apply to it), so timing a change does not wait for the load again.
 */
const KEEP_DIR = process.env.BENCH_DATA_DIR ?? '';
const FROM = Date.UTC(2020, 0, 1);

/** Rows spread evenly from 2020 to now with hash-derived labels; one statement per chunk. */
async function topUpCrawl(engine: Engine, rows: number): Promise<void> {
  const span = Date.now() - FROM;
  for (let done = 0; done < rows; done += CHUNK) {
    const n = Math.min(CHUNK, rows - done);
    await engine.command(
      `INSERT INTO crawl_documents (ts, url, lang, content_type, crawl_source, tokens, provenance, ai_score, detector, simhash)
       SELECT
         fromUnixTimestamp64Milli(toInt64({from:Int64} + (number * {span:Int64}) / {n:Int64}), 'UTC') AS ts,
         concat('https://site-', toString(cityHash64(number, 1) % 4000), '.example.', ['com','org','net','de','fr','jp','io'][1 + cityHash64(number, 2) % 7], '/p/', toString(number)) AS url,
         ['en','en','en','de','fr','es','ja','zh','pt','ru'][1 + cityHash64(number, 3) % 10] AS lang,
         ['article','article','forum','product','social','reference','code'][1 + cityHash64(number, 4) % 7] AS content_type,
         ['common_crawl','news_feed','sitemap'][1 + cityHash64(number, 5) % 3] AS crawl_source,
         toUInt32(200 + cityHash64(number, 6) % 2800) AS tokens,
         CAST(['human','ai','mixed','unknown'][1 + cityHash64(number, 7) % 4], 'Enum8(\\'human\\' = 1, \\'ai\\' = 2, \\'mixed\\' = 3, \\'unknown\\' = 4)') AS provenance,
         (cityHash64(number, 8) % 1000) / 1000 AS ai_score,
         ['classifier','watermark','none'][1 + cityHash64(number, 9) % 3] AS detector,
         cityHash64(number, 10) AS simhash
       FROM numbers({offset:UInt64}, {n:UInt64})`,
      { tag: 'bench.topup.crawl', params: { from: FROM, span, n, offset: done }, timeoutS: 0 }
    );
    process.stderr.write(`crawl rows: ${done + n}/${rows}\n`);
  }
}

async function topUpMarket(engine: Engine, rows: number): Promise<void> {
  const span = Date.now() - FROM;
  await engine.command(
    `INSERT INTO market_postings (ts, posting_id, platform, category, region, budget_usd, hourly, bids, mentions_ai, status)
     SELECT
       fromUnixTimestamp64Milli(toInt64({from:Int64} + (number * {span:Int64}) / {n:Int64}), 'UTC'),
       concat('bench-', toString(number)),
       ['upwork_like','freelancer_like','fiverr_like'][1 + cityHash64(number, 11) % 3],
       CAST(['writing','translation','illustration','coding','data_entry','video','other'][1 + cityHash64(number, 12) % 7], 'Enum8(\\'writing\\' = 1, \\'translation\\' = 2, \\'illustration\\' = 3, \\'coding\\' = 4, \\'data_entry\\' = 5, \\'video\\' = 6, \\'other\\' = 7)'),
       ['na','eu','asia','latam','africa','oceania'][1 + cityHash64(number, 13) % 6],
       20 + cityHash64(number, 14) % 2000,
       cityHash64(number, 15) % 3 = 0,
       toUInt32(cityHash64(number, 16) % 40),
       cityHash64(number, 17) % 10 = 0,
       'posted'
     FROM numbers({n:UInt64})`,
    { tag: 'bench.topup.market', params: { from: FROM, span, n: rows }, timeoutS: 0 }
  );
}

/**
 * Model samples up to the target: further runs of the collapse simulation (2 models x 10
 * generations of texts each), spread from 2020 to now, written by the same insert (with
 * each text's gzip size) the simulator's history uses, so every view on model_samples fills as on real ingest.
 */
async function topUpSamples(engine: Engine, have: number): Promise<number> {
  const perRun = 2 * 10 * 1000;
  const span = Date.now() - FROM;
  let added = 0;
  for (let seed = 1000; have + added < SAMPLES_TARGET; seed++) {
    const run = simulateCollapse({ seed, textsPerGeneration: 1000 });
    const lines: string[] = [];
    for (const chain of run.chains)
      for (const g of chain.generations)
        g.texts.forEach((text, i) => {
          const at = FROM + Math.floor((span * (g.generation + (i + 0.5) / g.texts.length)) / 10);
          lines.push(
            JSON.stringify({
              ts: at,
              model_family: COLLAPSE_FAMILY,
              model: chain.variant.model,
              generation: g.generation,
              prompt_id: promptId(i),
              text,
              gzip_bytes: gzipBytes(text)
            })
          );
        });
    const take = lines.slice(0, Math.min(perRun, SAMPLES_TARGET - have - added));
    await engine.insertJsonEachRow(
      'model_samples',
      ['ts', 'model_family', 'model', 'generation', 'prompt_id', 'text', 'gzip_bytes'],
      Buffer.from(take.join('\n') + '\n'),
      {
        tag: 'bench.topup.samples'
      }
    );
    added += take.length;
    process.stderr.write(`samples: ${have + added}/${SAMPLES_TARGET}\n`);
  }
  return added;
}

/**
 * Waits for the merges running when merges were stopped: stopping them schedules no new one but
 * may leave one under way, whose CPU time would land on the answers timed. How many were running
 * and how long the wait took go into the results; after ten minutes it throws rather than time
 * answers beside a merge, as the other waits of the benchmarks do.
 */
async function mergesSettled(engine: Engine): Promise<{ atStop: number; waitS: number }> {
  const running = async () =>
    Number((await engine.rows<{ n: number }>('SELECT count() AS n FROM system.merges', { tag: 'bench.merges' }))[0]?.n ?? 0);
  const t0 = performance.now();
  const atStop = await running();
  for (let left = atStop; left > 0; left = await running()) {
    if (performance.now() - t0 > 600_000) throw new Error('merges were still running ten minutes after they were stopped');
    await sleep(1000);
  }
  return { atStop, waitS: round((performance.now() - t0) / 1000) };
}

interface PanelTiming {
  panel: string;
  source: string;
  p50_ms: number;
  p95_ms: number;
  /** This process's CPU time per answer (chDB runs in it): less distorted by other load than wall time. */
  cpu_p50_ms: number;
  cpu_p95_ms: number;
  /** Rows the engine read for one answer (median), summed over its queries (system.events SelectedRows). */
  read_rows: number | null;
  /** SELECT queries one answer runs. */
  queries: number;
  /** The engine's query threads' CPU time per answer (median); the rest of cpu_p50_ms is Node's. */
  engine_cpu_p50_ms: number;
  raw_p50_ms: number | null;
  raw_p95_ms: number | null;
}

async function time(fn: () => Promise<unknown>): Promise<{ wall: number[]; cpu: number[] }> {
  await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

export async function main() {
  const reuse = KEEP_DIR !== '' && existsSync(join(KEEP_DIR, 'loaded'));
  const dir = KEEP_DIR || mkdtempSync(join(tmpdir(), 'pdo-bench-panels-'));
  const engine = await migratedEngine(dir);
  try {
    const t0 = performance.now();
    let samples = 0;
    let marketRows = 0;
    if (reuse) {
      const [c] = await engine.rows<{ s: number; m: number }>(
        'SELECT (SELECT count() FROM model_samples) AS s, (SELECT count() FROM market_postings) AS m',
        { tag: 'bench.count' }
      );
      samples = Number(c?.s ?? 0);
      marketRows = Number(c?.m ?? 0);
    } else {
      const base = await backfill(engine, {});
      await topUpCrawl(engine, Math.max(0, TARGET - base.crawl));
      await topUpMarket(engine, MARKET_EXTRA);
      samples = base.samples + (await topUpSamples(engine, base.samples));
      marketRows = base.market + MARKET_EXTRA;
    }
    // Let background merges settle, as on a server that has been running; then merge what is
    // left so every run sees the same parts.
    const rollups = await engine.rows<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine IN ('SummingMergeTree', 'AggregatingMergeTree')",
      { tag: 'bench.rollups' }
    );
    for (const { name } of rollups) {
      if (!/^[a-z_]+$/.test(name)) continue;
      await engine.command(`OPTIMIZE TABLE ${name} FINAL`, { tag: 'bench.optimize', timeoutS: 0 });
    }
    if (KEEP_DIR) {
      mkdirSync(KEEP_DIR, { recursive: true });
      writeFileSync(join(KEEP_DIR, 'loaded'), '');
    }
    const loadS = (performance.now() - t0) / 1000;
    // The raw tables' parts (hundreds after a load) go on merging in the background, in this
    // process: left running, their CPU time lands on whichever answers are being timed (tens of
    // ms per answer, most on the first panels). Nothing is written while panels are timed, so
    // stopping merges changes no part an answer reads; it is not kept across restarts.
    await engine.command('SYSTEM STOP MERGES', { tag: 'bench.stop-merges' });
    const merges = await mergesSettled(engine);
    const [{ n } = { n: 0 }] = await engine.rows<{ n: number }>('SELECT count() AS n FROM crawl_documents', { tag: 'bench.count' });
    const now = Date.now();
    const results: PanelTiming[] = [];
    for (const def of CATALOGUE.values()) {
      if (!ONLY.some((o) => def.info.id.startsWith(o))) continue;
      const view = resolveView(def, {}, now);
      const tag = `bench ${def.info.id}`;
      const live = await time(() => runPanel(engine, undefined, def, view, tag));
      let raw: number[] | null = null;
      let source = 'computed';
      // A few more answers through a counting engine: queries, rows read and the engine's time.
      const tallies: Tally[] = [];
      for (let i = 0; i < TALLY_RUNS; i++) tallies.push(await tally(engine, () => runPanel(engine, undefined, def, view, tag)));
      if (def.kind === 'sql') {
        const q = def.build(view);
        source = q.source;
        const rq = def.build(view, { forceRaw: true });
        if (rq.source !== q.source)
          raw = (await time(() => engine.rows(rq.sql, { tag: `bench raw ${def.info.id}`, params: rq.params, timeoutS: 60 }))).wall;
      }
      results.push({
        panel: def.info.id,
        source,
        p50_ms: round(percentile(live.wall, 0.5)),
        p95_ms: round(percentile(live.wall, 0.95)),
        cpu_p50_ms: round(percentile(live.cpu, 0.5)),
        cpu_p95_ms: round(percentile(live.cpu, 0.95)),
        read_rows: Math.round(
          percentile(
            tallies.map((t) => t.readRows),
            0.5
          )
        ),
        queries: Math.round(
          percentile(
            tallies.map((t) => t.queries),
            0.5
          )
        ),
        engine_cpu_p50_ms: round(
          percentile(
            tallies.map((t) => t.engineCpuMs),
            0.5
          )
        ),
        raw_p50_ms: raw ? round(percentile(raw, 0.5)) : null,
        raw_p95_ms: raw ? round(percentile(raw, 0.95)) : null
      });
      const last = results[results.length - 1];
      process.stderr.write(
        `${def.info.id}: p50/p95 ${last?.p50_ms}/${last?.p95_ms} ms, CPU p50/p95 ${last?.cpu_p50_ms}/${last?.cpu_p95_ms} ms, engine CPU p50 ${last?.engine_cpu_p50_ms} ms in ${last?.queries} queries, ${last?.read_rows} rows read\n`
      );
    }
    return {
      bench: 'panels',
      crawl_rows: Number(n),
      market_rows: marketRows,
      samples,
      load_average: loadavg().map((l) => round(l)),
      load_seconds: round(loadS),
      merges_at_stop: merges.atStop,
      merges_wait_seconds: merges.waitS,
      runs: RUNS,
      panels: results
    };
  } finally {
    await engine.close();
    if (!KEEP_DIR) rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r)));
}

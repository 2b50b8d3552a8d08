// Ingest throughput: one large NDJSON POST, sustained POSTs, and chDB's own
// INSERT ... FORMAT JSONEachRow of the same bytes in the same run, for the ratio the design
// budget asks for (HTTP ingest against the engine's own insert rate). Also start-up time and
// idle memory of the server.
//
// Side by side: the engine's insert runs on a database made by the same migrations (the same
// table and materialized views), with the same bytes, the same insert settings
// (insertJsonEachRow) and the column list a chDB user writes for them: the fields the rows
// hold, which is also the list the server's checks find and name. The sides alternate, POST then
// insert, RUNS times each, and the figures are medians: on a shared machine load drifts over a
// run, and alternating makes a drift hit both sides alike instead of whichever ran second.
//
// The bench's hosts (site-N.example.org) have a registrable domain the table's DEFAULT does not
// give, so the server appends domain and tld to every row and writes two more columns than the
// bytes as sent. A third side, chDB's insert of exactly what the server writes (the same checks
// run here, server/ingest/batch.ts), shows what those columns cost the engine: the ratio against
// it is reported beside the headline ratio against the bytes as sent, which stays the budget's.
//
// Also one-row inserts on the engine's own directory (after the large ones: 2 × RUNS × BIG rows),
// the size of a live write, with the table's materialized views run at once (the product's
// parallel_view_processing = 1, server/engine/engine.ts) and one after another, alternating.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch } from '../server/ingest/batch';
import { ROW_SPECS } from '../server/ingest/rows';
import type { Engine } from '../server/engine/engine';
import { crawlLine, isMain, machine, migratedEngine, p50p95, round, sleep, startServerProcess, startUpLoaded } from './lib';

const BIG = Number(process.env.BENCH_INGEST_ROWS ?? 500_000);
const RUNS = Math.max(3, Number(process.env.BENCH_INGEST_RUNS ?? 3));
const BATCH = 100_000;
const SUSTAIN_S = Number(process.env.BENCH_SUSTAIN_S ?? 15);
const ONE_ROW_INSERTS = Number(process.env.BENCH_ONE_ROW_INSERTS ?? 60);

function body(rows: number, offset: number): Buffer {
  const t0 = Date.UTC(2025, 0, 1);
  const lines: string[] = new Array(rows);
  for (let i = 0; i < rows; i++) lines[i] = crawlLine(offset + i, t0 + (offset + i) * 10);
  return Buffer.from(lines.join('\n') + '\n');
}

/**
 * CPU seconds a process has used, all its threads (from /proc, in ticks of 1/100 s). Beside
 * wall time because on a shared machine wall time measures the neighbours too, and the
 * scheduler shares CPU per thread, favouring whichever side runs more threads at the moment.
 */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Median of a short list (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface Run {
  seconds: number;
  cpu: number;
}

/** Wall and CPU seconds of `work`, the CPU read from process `pid` (every thread). */
async function timed(pid: number, work: () => Promise<void>): Promise<Run> {
  const t = performance.now();
  const cpu = cpuSeconds(pid);
  await work();
  return { seconds: (performance.now() - t) / 1000, cpu: cpuSeconds(pid) - cpu };
}

export async function main() {
  const big = body(BIG, 0);
  const columns = Object.keys(JSON.parse(crawlLine(0, 0)) as object);
  const written = buildBatch(ROW_SPECS.crawl, big);
  const server = await startServerProcess();
  // The engine's own insert, in this process on its own directory.
  const dir = mkdtempSync(join(tmpdir(), 'pdo-bench-raw-'));
  const engine = await migratedEngine(dir);
  try {
    await sleep(2000);
    // A POST timed during the published-series load would share the engine with it; the
    // engine's own insert would not.
    await startUpLoaded(server.url);
    const idleRss = server.rssMiB();
    const http: Run[] = [];
    const chdb: Run[] = [];
    const chdbWritten: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      http.push(
        await timed(server.pid, async () => {
          const res = await fetch(`${server.url}/api/ingest/crawl`, { method: 'POST', body: big as Uint8Array<ArrayBuffer> });
          if (!res.ok) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
        })
      );
      chdb.push(await timed(process.pid, () => engine.insertJsonEachRow('crawl_documents', columns, big, { tag: 'bench.raw' })));
      chdbWritten.push(
        await timed(process.pid, () => engine.insertJsonEachRow('crawl_documents', written.columns, written.body, { tag: 'bench.raw' }))
      );
    }
    const httpRate = median(http.map((r) => BIG / r.seconds));
    const chdbRate = median(chdb.map((r) => BIG / r.seconds));
    const httpCpu = median(http.map((r) => r.cpu));
    const chdbCpu = median(chdb.map((r) => r.cpu));
    const writtenRate = median(chdbWritten.map((r) => BIG / r.seconds));
    const writtenCpu = median(chdbWritten.map((r) => r.cpu));

    const batch = body(BATCH, BIG);
    let rows = 0;
    const t = performance.now();
    while ((performance.now() - t) / 1000 < SUSTAIN_S) {
      const r = await fetch(`${server.url}/api/ingest/crawl`, { method: 'POST', body: batch as Uint8Array<ArrayBuffer> });
      if (!r.ok) throw new Error(`ingest failed: ${r.status}`);
      rows += BATCH;
    }
    const sustainSec = (performance.now() - t) / 1000;
    const peakRss = server.rssMiB();
    const oneRow = await oneRowInserts(engine, columns);

    return {
      bench: 'ingest',
      rows_one_post: BIG,
      body_mib: round(big.length / 2 ** 20),
      runs_each: RUNS,
      one_post_rows_per_s: Math.round(httpRate),
      sustained_rows_per_s: Math.round(rows / sustainSec),
      sustained_seconds: round(sustainSec),
      chdb_insert_rows_per_s: Math.round(chdbRate),
      http_vs_chdb: round(httpRate / chdbRate, 2),
      one_post_cpu_s: round(httpCpu, 2),
      chdb_insert_cpu_s: round(chdbCpu, 2),
      http_vs_chdb_cpu: round(chdbCpu / httpCpu, 2),
      columns_as_sent: columns.length,
      columns_written: written.columns.length,
      written_mib: round(written.body.length / 2 ** 20),
      chdb_insert_written_rows_per_s: Math.round(writtenRate),
      chdb_insert_written_cpu_s: round(writtenCpu, 2),
      http_vs_chdb_written: round(httpRate / writtenRate, 2),
      http_vs_chdb_written_cpu: round(writtenCpu / httpCpu, 2),
      one_post_runs_rows_per_s: http.map((r) => Math.round(BIG / r.seconds)),
      chdb_insert_runs_rows_per_s: chdb.map((r) => Math.round(BIG / r.seconds)),
      chdb_insert_written_runs_rows_per_s: chdbWritten.map((r) => Math.round(BIG / r.seconds)),
      one_row_insert_views_at_once_p50_ms: oneRow.atOnce.p50,
      one_row_insert_views_at_once_p95_ms: oneRow.atOnce.p95,
      one_row_insert_views_in_turn_p50_ms: oneRow.inTurn.p50,
      one_row_insert_views_in_turn_p95_ms: oneRow.inTurn.p95,
      startup_ms_empty_db: Math.round(server.readyMs),
      rss_idle_mib: idleRss,
      rss_after_ingest_mib: peakRss,
      load_average: machine().load_average
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

/**
 * ONE_ROW_INSERTS one-row inserts each way, alternating: one statement that differs only in
 * parallel_view_processing, with the deduplication settings the product sends and a token of its
 * own each time. The product's other insert settings (log_comment, max_execution_time,
 * distributed_foreground_insert, which plain tables ignore) are left out of both sides.
 */
async function oneRowInserts(engine: Engine, columns: string[]) {
  const ways = { atOnce: [] as number[], inTurn: [] as number[] };
  for (let i = 0; i < ONE_ROW_INSERTS * 2; i++) {
    const way = i % 2 === 0 ? 'atOnce' : 'inTurn';
    const sql =
      `INSERT INTO crawl_documents (${columns.join(', ')}) SETTINGS parallel_view_processing = ${way === 'atOnce' ? 1 : 0}, ` +
      `insert_deduplicate = 1, insert_deduplication_token = 'bench-one-row-${i}-${Date.now()}', ` +
      `deduplicate_blocks_in_dependent_materialized_views = 1 FORMAT JSONEachRow ${crawlLine(BIG * 2 + i, Date.now())}`;
    const t = performance.now();
    await engine.command(sql, { tag: 'bench.one_row' });
    ways[way].push(performance.now() - t);
  }
  return { atOnce: p50p95(ways.atOnce), inTurn: p50p95(ways.inTurn) };
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r)));
}

// Where one large crawl POST's server time goes, phase by phase, in this process on a migrated
// embedded engine: the UTF-8 check, the line scan split into its parts (JSON.parse, the member
// counts behind the duplicate-key check, the row checks with their site look-ups), the edits,
// the insert of the bytes the server writes (two more columns on the bench's rows) beside chDB's
// insert of the bytes as sent, and the whole pipeline (IngestPipeline.write, both threads).
//
// Each phase is timed as CPU seconds of this process (process.cpuUsage: every thread, chDB's
// included) beside wall seconds, median of RUNS. The single-threaded phases run while the engine
// is idle, so their CPU is this thread's. Not part of `npm run bench`: a tool for finding the
// next cost, run as `nice -n 10 npx tsx bench/ingest-profile.ts` (BENCH_INGEST_ROWS, RUNS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkUtf8, buildBatch } from '../server/ingest/batch';
import { applyEdits } from '../server/ingest/edits';
import { membersParsed, membersWritten } from '../server/ingest/json-shape';
import { IngestPipeline } from '../server/ingest/pipeline';
import { ROW_SPECS } from '../server/ingest/rows';
import { scanLines } from '../server/ingest/scan';
import { median } from './ingest';
import { crawlLine, isMain, machine, migratedEngine, round } from './lib';

const ROWS = Number(process.env.BENCH_INGEST_ROWS ?? 500_000);
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));

interface Phase {
  cpu: number;
  wall: number;
}

async function measure(work: () => unknown): Promise<Phase> {
  const c = process.cpuUsage();
  const t = performance.now();
  await work();
  const d = process.cpuUsage(c);
  return { cpu: (d.user + d.system) / 1e6, wall: (performance.now() - t) / 1000 };
}

/** Each line of `text` (no blank ones) handed to `each`. */
function forLines(text: string, each: (line: string) => void): void {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) each(text.slice(start, end));
    start = end + 1;
  }
}

export async function main() {
  const t0 = Date.UTC(2025, 0, 1);
  const lines: string[] = new Array(ROWS);
  for (let i = 0; i < ROWS; i++) lines[i] = crawlLine(i, t0 + i * 10);
  const body = Buffer.from(lines.join('\n') + '\n');
  const spec = ROW_SPECS.crawl;
  const sentColumns = Object.keys(JSON.parse(crawlLine(0, 0)) as object);
  const dir = mkdtempSync(join(tmpdir(), 'pdo-bench-profile-'));
  const engine = await migratedEngine(dir);
  const pipeline = new IngestPipeline(engine, () => {});
  const phases: Record<string, Phase[]> = {};
  const add = (name: string, p: Phase) => (phases[name] ??= []).push(p);
  try {
    const batch = buildBatch(spec, body);
    // One write first, not timed: it starts the validation worker (bundling it when run from
    // source) and warms both threads' code, which a running server has done long before.
    await pipeline.write('crawl', body);
    for (let r = 0; r < RUNS; r++) {
      const text = body.toString('utf8');
      add('utf8_check', await measure(() => checkUtf8(body)));
      add('decode', await measure(() => body.toString('utf8')));
      add('split_lines', await measure(() => forLines(text, () => {})));
      add('json_parse', await measure(() => forLines(text, (l) => JSON.parse(l))));
      const parsed: unknown[] = [];
      forLines(text, (l) => parsed.push(JSON.parse(l)));
      add(
        'member_counts',
        await measure(() => {
          let i = 0;
          forLines(text, (l) => membersWritten(l) === membersParsed(parsed[i++]));
        })
      );
      add(
        'row_checks',
        await measure(() => {
          let i = 0;
          forLines(text, (l) => spec.check(parsed[i++] as Record<string, unknown>, l));
        })
      );
      let scan: ReturnType<typeof scanLines> | null = null;
      add('scan_whole', await measure(() => (scan = scanLines(spec, text))));
      add('apply_edits', await measure(() => applyEdits(body, scan as unknown as ReturnType<typeof scanLines>)));
      add('check_one_thread', await measure(() => buildBatch(spec, body)));
      // The inserts alternate, so drift in the machine's load hits both.
      add('insert_as_sent', await measure(() => engine.insertJsonEachRow('crawl_documents', sentColumns, body, { tag: 'bench.profile' })));
      add(
        'insert_as_written',
        await measure(() => engine.insertJsonEachRow('crawl_documents', batch.columns, batch.body, { tag: 'bench.profile' }))
      );
      add('pipeline_write', await measure(() => pipeline.write('crawl', body)));
    }
    const out: Record<string, unknown> = {
      bench: 'ingest_profile',
      rows: ROWS,
      body_mib: round(body.length / 2 ** 20),
      written_mib: round(batch.body.length / 2 ** 20),
      runs: RUNS,
      columns_as_sent: sentColumns.length,
      columns_written: batch.columns.length
    };
    for (const [name, ps] of Object.entries(phases)) {
      out[`${name}_cpu_s`] = round(median(ps.map((p) => p.cpu)), 3);
      out[`${name}_wall_s`] = round(median(ps.map((p) => p.wall)), 3);
    }
    out.load_average = machine().load_average;
    return out;
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r, null, 1)));
}

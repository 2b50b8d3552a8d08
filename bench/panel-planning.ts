// How much of each SQL panel's answer is the engine reading the query rather than running it:
// every catalogue panel's default-view SQL timed as `EXPLAIN PLAN` (parse, analysis and the query
// plan, nothing read) beside the query itself, interleaved, medians of RUNS. Planning does not
// grow with the rows stored; it grows with the expressions the engine analyses, counting an alias
// once for every place that names it (a chain of aliases each naming the one before grows
// geometrically). `npm run bench -- panel_planning`, on the simulator's history in a fresh
// directory or on a kept one (BENCH_DATA_DIR, e.g. the panels benchmark's), BENCH_PANELS to pick
// panels by prefix.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOGUE } from '../server/panels/catalogue';
import { resolveView } from '../server/panels/view';
import { backfill } from '../server/simulate';
import { isMain, migratedEngine, percentile, round } from './lib';

const RUNS = Math.max(5, Number(process.env.RUNS ?? 30));
const KEEP_DIR = process.env.BENCH_DATA_DIR ?? '';
const ONLY = (process.env.BENCH_PANELS ?? '').split(',');

export async function main() {
  const dir = KEEP_DIR || mkdtempSync(join(tmpdir(), 'pdo-bench-planning-'));
  const engine = await migratedEngine(dir);
  try {
    if (!KEEP_DIR) await backfill(engine, {});
    // Merges left running would land on whichever statement is being timed.
    await engine.command('SYSTEM STOP MERGES', { tag: 'bench.stop-merges' });
    const now = Date.now();
    const panels: Record<string, unknown>[] = [];
    for (const def of CATALOGUE.values()) {
      if (def.kind !== 'sql' || !ONLY.some((o) => def.info.id.startsWith(o))) continue;
      const q = def.build(resolveView(def, {}, now));
      const opts = { tag: `bench.planning ${def.info.id}`, params: q.params };
      const plan: number[] = [];
      const run: number[] = [];
      for (let i = 0; i < RUNS + 3; i++) {
        let t = performance.now();
        await engine.rows(`EXPLAIN PLAN ${q.sql}`, opts);
        const p = performance.now() - t;
        t = performance.now();
        await engine.rows(q.sql, opts);
        const r = performance.now() - t;
        // The first answers warm caches (marks, the client's parser) and are not counted.
        if (i >= 3) {
          plan.push(p);
          run.push(r);
        }
      }
      const planP50 = percentile(plan, 0.5);
      const runP50 = percentile(run, 0.5);
      panels.push({
        panel: def.info.id,
        source: q.source,
        plan_p50_ms: round(planP50),
        answer_p50_ms: round(runP50),
        plan_share: round(planP50 / runP50, 2)
      });
      process.stderr.write(`${def.info.id}: EXPLAIN PLAN p50 ${round(planP50)} ms, answer p50 ${round(runP50)} ms\n`);
    }
    const p50 = async (sql: string): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await engine.rows(sql, { tag: 'bench.planning' });
        times.push(performance.now() - t);
      }
      return round(percentile(times, 0.5));
    };
    // The floor every statement pays, whatever it asks; then a chain of aliases over ten numbers,
    // each link naming the one before three times: one more link, three times the expressions
    // the engine analyses once every alias is replaced by what it names.
    const select1 = await p50('SELECT 1');
    const chain = ['d', 'e', 'f', 'g', 'h'];
    const aliasChain: number[] = [];
    for (let links = 1; links <= 4; links++) {
      const extra = chain.slice(1, links + 1).map((name, i) => `${chain[i]} + ${chain[i]} + ${chain[i]} AS ${name}`);
      const sql = ['groupArray(number) AS a', 'arraySort(a) AS b', 'arrayCumSum(b) AS c', 'c[1] + c[2] + c[3] + b[1] AS d', ...extra].join(
        ', '
      );
      aliasChain.push(await p50(`SELECT ${sql} FROM numbers(10)`));
    }
    return { bench: 'panel_planning', runs: RUNS, select_1_p50_ms: select1, alias_chain_p50_ms: aliasChain, panels };
  } finally {
    await engine.close();
    if (!KEEP_DIR) rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r, null, 1)));
}

// Epoch-model benchmark: 100,000 draws of the pooled projection with the paper's inputs, the
// default GET /api/forecast run. Budget: 20 ms on the 2-core target (bench/budgets.ts), read as
// the CPU time per forecast, which a machine shared with other work does not inflate. Part of
// `npm run bench` (forecast_epoch); alone: `npx tsx bench/forecast-epoch.ts`, prints p50/p95/max
// and CPU p50 per branch.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadDefaultProjection } from '../server/forecast/epoch-compute-projection';
import { runEpoch, type Branch } from '../server/forecast/epoch-model';
import { publishedSetup } from '../server/forecast/epoch-setup';

export interface EpochBenchResult {
  bench: 'forecast-epoch';
  draws: number;
  /** Timed runs per branch, after the warm-up. */
  runs: number;
  /** The machine's load average (1, 5, 15 min) when the runs ended. */
  load_average: number[];
  /**
   * Wall time, and the process's CPU time per run (user + system): on a machine shared with other
   * work the wall time includes waiting for a core, the CPU time does not.
   */
  branches: Record<Branch, { p50_ms: number; p95_ms: number; max_ms: number; cpu_p50_ms: number }>;
}

const DRAWS = 100_000;
const RUNS = 20;
const WARMUP = 5;

export async function main(): Promise<EpochBenchResult> {
  const setup = publishedSetup(loadDefaultProjection());
  const opts = (branch: Branch, seed: number) => ({
    branch,
    overtraining: 1,
    draws: DRAWS,
    seed,
    asOf: 2026.9,
    fromYear: 2020,
    toYear: 2042
  });
  const branches = {} as EpochBenchResult['branches'];
  let sink = 0;
  for (const branch of ['pooled', 'historical', 'compute'] as Branch[]) {
    for (let i = 0; i < WARMUP; i++) runEpoch(setup, opts(branch, i));
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const c0 = process.cpuUsage();
      sink += runEpoch(setup, opts(branch, 1000 + i)).exhaustion.median_year ?? 0;
      const c = process.cpuUsage(c0);
      times.push(performance.now() - start);
      cpu.push((c.user + c.system) / 1000);
    }
    cpu.sort((a, b) => a - b);
    times.sort((a, b) => a - b);
    const at = (p: number) => round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? NaN);
    branches[branch] = {
      p50_ms: at(0.5),
      p95_ms: at(0.95),
      max_ms: round(times[times.length - 1] ?? NaN),
      cpu_p50_ms: round(cpu[cpu.length >> 1] ?? NaN)
    };
  }
  if (!Number.isFinite(sink)) throw new Error('non-finite median');
  return { bench: 'forecast-epoch', draws: DRAWS, runs: RUNS, load_average: loadavg().map((l) => round(l)), branches };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    }
  );
}

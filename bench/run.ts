// `npm run bench`: every benchmark in turn, on a quiet machine, then docs/PERFORMANCE.md rewritten
// from the results (bench/results/latest.json keeps the raw numbers). BENCH_ONLY=ingest,panels
// (or `npm run bench -- ingest panels`) reruns some and keeps the other results of the last run;
// each result carries when it ran. `npm run bench -- overload`, `-- fuzz` and `-- fleet` run only when named.
// `npm run bench -- wall --minutes 60` runs the wall-display soak alone for an hour.
// The script first rebuilds the server when its sources changed (package.json): the benchmarks
// that start a server run the built one, and a build older than the code measures old code.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../server/paths';
import { machine } from './lib';
import { renderPerformance } from './report';

type Bench = () => Promise<object>;

const BENCHES: Record<string, () => Promise<{ main: Bench }>> = {
  forecast: () => import('./forecast'),
  forecast_epoch: () => import('./forecast-epoch'),
  ingest: () => import('./ingest'),
  ingest_to_screen: () => import('./ingest-to-screen'),
  panels: () => import('./panels'),
  panel_planning: () => import('./panel-planning'),
  warc: () => import('./warc'),
  fanout: () => import('./fanout'),
  fanout_send: () => import('./fanout-send'),
  delta_bytes: () => import('./delta-bytes'),
  wall_first: () => import('./wall-first'),
  wall_soak: () => import('./wall-soak'),
  fleet: () => import('./fleet'),
  overload: () => import('./overload'),
  fuzz: () => import('./fuzz')
};
/** Run only when named: they stress the machine (overload, fleet) or run long (fuzz). */
const ON_REQUEST = ['overload', 'fuzz', 'fleet'];

// Names on the command line (npm run bench -- fuzz) or in BENCH_ONLY choose what runs; `wall` is
// short for wall_soak, and `--minutes N` sets the soak's length.
const args = process.argv.slice(2);
const minutesAt = args.indexOf('--minutes');
if (minutesAt >= 0) {
  const minutes = Number(args[minutesAt + 1]);
  if (!(minutes > 0)) {
    process.stderr.write("--minutes takes a positive number (the wall soak's length)\n");
    process.exit(2);
  }
  process.env.DURATION_S = String(Math.round(minutes * 60));
}
const named = args.map((a) => (a === 'wall' ? 'wall_soak' : a)).filter((a) => a in BENCHES);
const only = named.length > 0 ? named : process.env.BENCH_ONLY?.split(',');
const root = projectRoot();
const latest = join(root, 'bench/results/latest.json');
const previous = only && existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as Record<string, unknown>) : {};
const results: Record<string, unknown> = { ...previous, machine: machine() };
// What else the machine was doing, in words, for the report (BENCH_NOTE="a browser soak ran beside"):
// the whole run's conditions, or, when only some benchmarks are rerun, theirs alone.
const note = process.env.BENCH_NOTE;
if (note && !only) results.conditions = note;
for (const [name, load] of Object.entries(BENCHES)) {
  if (only ? !only.includes(name) : ON_REQUEST.includes(name)) continue;
  process.stderr.write(`\n=== bench ${name}\n`);
  const t = performance.now();
  try {
    const { main } = await load();
    // The machine's load average (1, 5, 15 min) as each benchmark ends: what else it was doing.
    results[name] = {
      ...(await main()),
      ran_at: new Date().toISOString(),
      load_average: loadavg().map((l) => Math.round(l * 100) / 100),
      ...(note && only ? { conditions: note } : {})
    };
  } catch (e) {
    results[name] = { error: (e as Error).message };
  }
  process.stderr.write(`${JSON.stringify(results[name])}\n(${Math.round((performance.now() - t) / 1000)} s)\n`);
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
// Read again before writing: a long soak may have run beside this and saved its own result since.
if (only && existsSync(latest)) {
  const now = JSON.parse(readFileSync(latest, 'utf8')) as Record<string, unknown>;
  for (const k of Object.keys(now)) if (k in BENCHES && !only.includes(k)) results[k] = now[k];
}
writeFileSync(latest, JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(root, 'docs/PERFORMANCE.md'), renderPerformance(results));
process.stderr.write('\nresults in bench/results/latest.json and docs/PERFORMANCE.md\n');
process.exit(0);

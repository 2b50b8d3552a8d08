// Shared by the benchmark scripts: a production server in a child process, machine facts,
// percentiles. Benchmarks measure the built server (build/current/observatory/index.js), as users run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedConfig, openEngine, type Engine } from '../server/engine/engine';
import { migrate } from '../server/engine/migrations';
import { projectRoot } from '../server/paths';

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  proc: ChildProcess;
  dataDir: string;
  /** Resident memory of the server process in MiB, from /proc. */
  rssMiB(): number;
  stop(): Promise<void>;
}

/**
 * Starts the built server on a free port with its own data directory; resolves when healthy.
 * `cpus` pins it (every thread, the embedded engine's included) to those cores with taskset, so
 * client processes pinned elsewhere do not take its time; `nodeArgs` go to node before the entry
 * (e.g. `--cpu-prof`).
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  opts: { cpus?: string; nodeArgs?: string[] } = {}
): Promise<ServerProcess & { readyMs: number }> {
  const root = projectRoot();
  const entry = join(root, 'build/current/observatory/index.js');
  if (!existsSync(entry)) throw new Error('build/current/observatory/index.js is missing: run `npm run build` first');
  const dataDir = env.CHDB_PATH ?? mkdtempSync(join(tmpdir(), 'pdo-bench-'));
  const port = Number(env.PORT ?? 20000 + Math.floor(Math.random() * 20000));
  const started = performance.now();
  const cmd = [process.execPath, ...(opts.nodeArgs ?? []), entry];
  const proc = spawn(opts.cpus ? 'taskset' : process.execPath, opts.cpus ? ['-c', opts.cpus, ...cmd] : cmd.slice(1), {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CHDB_PATH: dataDir, SIMULATE: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit']
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false
    );
    if (ok) break;
    await sleep(50);
  }
  const readyMs = performance.now() - started;
  return {
    url,
    port,
    pid: proc.pid ?? 0,
    proc,
    dataDir,
    readyMs,
    rssMiB: () => rssMiB(proc.pid ?? 0),
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      if (!env.CHDB_PATH) rmSync(dataDir, { recursive: true, force: true });
    }
  };
}

/**
 * GETs a JSON answer, or null when the request failed: a busy server may close a kept-alive
 * connection as it is reused, and the polling callers simply ask again.
 */
export function getJson<T>(url: string): Promise<T | null> {
  return fetch(url).then(
    (r) => r.json() as Promise<T>,
    () => null
  );
}

/**
 * Resolves once the server's start-up loading is over (`filling_history` false in /api/health):
 * the published series and, when simulating, the history backfill, which share the engine and
 * rewrite whole panels at once, so nothing measured during them is the steady state. With
 * `crawlRows`, also waits for crawl rows: a simulating server has a moment between the two loads
 * when neither runs. Throws after ten minutes rather than measuring a server still loading.
 */
export async function startUpLoaded(url: string, opts: { crawlRows?: boolean } = {}): Promise<void> {
  const json = <T>(path: string) => getJson<T>(url + path);
  for (const deadline = Date.now() + 600_000; Date.now() < deadline; await sleep(200)) {
    const h = await json<{ filling_history?: boolean }>('/api/health');
    if (h?.filling_history !== false) continue;
    if (!opts.crawlRows || ((await json<{ crawl?: { rows: number } }>('/api/streams'))?.crawl?.rows ?? 0) > 0) return;
  }
  throw new Error('the server was still loading at start after ten minutes');
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
    /** What else the machine was doing: load average over 1, 5 and 15 minutes. */
    load_average: loadavg().map((l) => Math.round(l * 100) / 100)
  };
}

/** Nearest-rank percentile of an unsorted list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
}

export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Median and 95th percentile of a list of times, rounded to 0.1. */
export function p50p95(values: number[]): { p50: number; p95: number } {
  return { p50: round(percentile(values, 0.5)), p95: round(percentile(values, 0.95)) };
}
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when the module is the script node was started with (so benches run alone or imported). */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url === new URL(`file://${process.argv[1]}`).href;
}

/** A crawl row in the public ingest contract. */
export function crawlLine(i: number, ts: number): string {
  return JSON.stringify({
    ts,
    url: `https://site-${i % 5000}.example.org/p/${i}`,
    lang: i % 4 === 0 ? 'de' : 'en',
    content_type: i % 3 === 0 ? 'forum' : 'article',
    tokens: 200 + (i % 1800),
    provenance: i % 2 === 0 ? 'ai' : 'human',
    crawl_source: 'bench',
    ai_score: (i % 100) / 100
  });
}

/** An embedded engine on `dir` with every migration applied: for benchmarks that measure the engine itself, apart from any server. */
export async function migratedEngine(dir: string): Promise<Engine> {
  const engine = await openEngine(embeddedConfig(dir));
  await migrate(engine, join(projectRoot(), 'clickhouse', 'migrations'));
  return engine;
}

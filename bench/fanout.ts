// Fan-out: a production server streaming simulated data, and N socket clients in separate
// processes (a thousand per process), each watching every overview panel (their default views,
// which the simulator's rows keep changing) and one measured view that only this benchmark's
// writes change (postings of the last hour on a platform of its own). The benchmark writes one
// posting at a time over HTTP and, for every socket, times from the start of that write request
// to the moment the socket has applied the change (delta or whole result): p50/p95/p99/max for
// each N in BENCH_FANOUT_CLIENTS (default 1000, 5000 and 10000). Also: each result's delay from
// the start of its refresh (`as_of`), queries per tick against distinct keys, messages and bytes
// per second and per push, the server's CPU and peak memory, and the machine's load average.
// When the machine has two cores or more the server is pinned to the first and the client
// processes to the others (taskset), so the clients' event loops do not take the server's core.
// BENCH_FANOUT_PROFILE=dir writes the server's CPU profile there (node --cpu-prof). The server
// timestamps each step of a write's way (TRACE_FILE), for the breakdown of where a write's time
// goes (bench/fanout-trace.ts); BENCH_FANOUT_TRACE=0 runs without it.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../server/paths';
import type { ClientReport } from './fanout-clients';
import { fanoutBreakdown } from './fanout-trace';
import { isMain, percentile, round, sleep, startServerProcess, startUpLoaded, type ServerProcess } from './lib';

const SIZES = (process.env.BENCH_FANOUT_CLIENTS ?? '1000,5000,10000').split(',').map(Number);
/** Writes per run, one at a time, GAP_MS apart: long enough that each write's pushes are over before the next. */
const WRITES = Number(process.env.BENCH_FANOUT_WRITES ?? 20);
const GAP_MS = Number(process.env.BENCH_FANOUT_GAP_MS ?? 1500);
/** After the last write, before the window closes: a loaded machine's last pushes may still be on their way. */
const DRAIN_MS = Number(process.env.BENCH_FANOUT_DRAIN_MS ?? 5000);
const PROFILE = process.env.BENCH_FANOUT_PROFILE;
/** BENCH_FANOUT_SIMULATE=off: no simulated rows, so only the benchmark's writes change anything (the send path alone). */
const SIMULATE = process.env.BENCH_FANOUT_SIMULATE ?? 'on';
const TRACE = process.env.BENCH_FANOUT_TRACE !== '0';
const PER_PROCESS = 1000;
const pin = cpus().length >= 2 && existsSync('/usr/bin/taskset');
const serverCpus = '0';
const clientCpus = `1-${cpus().length - 1}`;
const PLATFORM = 'fanout-bench';
/** The measured view: a short window (no refresh gap), changed only by this benchmark's postings. */
const MEASURED = {
  panel: 'market.by_region',
  filters: { from: 'now-1h', to: 'now', grain: 'hour', platform: [PLATFORM] },
  measure: 'postings'
};

function metric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name) && !line.startsWith('#')) sum += Number(line.split(' ').pop());
  return sum;
}

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const once = (child: ChildProcess, type: string) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`fan-out client process exited (${code}) before '${type}'`)));
  });

let postingNo = 0;
/** One posting on the benchmark's platform, ten minutes old; resolves with the start time of the request. */
async function write(url: string): Promise<number> {
  const t = Date.now();
  const row = {
    ts: new Date(t - 10 * 60_000).toISOString(),
    platform: PLATFORM,
    category: 'writing',
    posting_id: `fanout-bench-${process.pid}-${postingNo++}`,
    budget_usd: 100
  };
  const res = await fetch(`${url}/api/ingest/market`, { method: 'POST', body: JSON.stringify(row) + '\n' });
  if (!res.ok) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
  return t;
}

/**
 * Until the server counts no socket: the last run's clients close as their processes end, and
 * sockets a busy server still counts would take part of the per-address cap from the next run's
 * and a share of its flushes, so each run starts from none.
 */
async function socketsGone(url: string): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(250)) {
    if (metric(await (await fetch(`${url}/metrics`)).text(), 'pdo_socket_clients') === 0) return;
  }
  throw new Error("the last run's sockets were still connected after two minutes");
}

async function runSize(server: ServerProcess, ids: string[], clients: number, traceFile: string | null) {
  await socketsGone(server.url);
  const root = projectRoot();
  const procs = Array.from({ length: Math.ceil(clients / PER_PROCESS) }, (_, i) =>
    fork(join(root, 'bench/fanout-clients.ts'), [], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        FANOUT_URL: server.url,
        FANOUT_CLIENTS: String(Math.min(PER_PROCESS, clients - i * PER_PROCESS)),
        FANOUT_PANELS: ids.join(','),
        FANOUT_MEASURED: JSON.stringify(MEASURED)
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
  );
  // Every thread of each client process (-a), so none runs on the server's core.
  if (pin) for (const p of procs) spawnSync('taskset', ['-a', '-pc', clientCpus, String(p.pid)], { stdio: 'ignore' });
  try {
    const ready = await Promise.all(procs.map((p) => once(p, 'ready')));
    // Let the first snapshots of every subscription go out before the window opens.
    await sleep(3000);
    const before = await (await fetch(`${server.url}/metrics`)).text();
    const cpu0 = cpuSeconds(server.pid);
    const clientCpu0 = procs.map((p) => cpuSeconds(p.pid as number));
    const t0 = performance.now();
    let rssMax = server.rssMiB();
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, server.rssMiB())), 1000);
    const bases = procs.map((p) => once(p, 'bases'));
    for (const p of procs) p.send({ type: 'start' });
    await Promise.all(bases);
    const writes: number[] = [];
    for (let k = 0; k < WRITES; k++) {
      writes.push(await write(server.url));
      await sleep(GAP_MS);
    }
    await sleep(DRAIN_MS);
    const reports = procs.map((p) => once(p, 'report'));
    for (const p of procs) p.send({ type: 'stop', writes });
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(server.pid) - cpu0;
    // Taken before the reports: the clients' own work of the window, not that of summing it up.
    const clientCpu = procs.reduce((a, p, i) => a + cpuSeconds(p.pid as number) - (clientCpu0[i] ?? 0), 0);
    const load = loadavg().map((l) => round(l, 2));
    clearInterval(sampler);
    const after = await (await fetch(`${server.url}/metrics`)).text();
    const all = (await Promise.all(reports)).map((m) => m.report as ClientReport);
    // Per write, every socket's delay; a process's report may have no entry for a write none of its sockets saw.
    const byWrite = writes.map((_, k) => all.flatMap((r) => r.delays[k] ?? []));
    const delays = byWrite.flat();
    const key = all.find((r) => r.key !== null)?.key ?? null;
    const refresh = all.flatMap((r) => r.refresh_delays);
    const messages = all.reduce((a, r) => a + r.messages, 0);
    const bytes = all.reduce((a, r) => a + r.bytes, 0);
    const byEvent: Record<string, { messages: number; bytes_per_message: number }> = {};
    for (const r of all) {
      for (const [ev, v] of Object.entries(r.by_event)) {
        const e = (byEvent[ev] ??= { messages: 0, bytes_per_message: 0 });
        e.bytes_per_message = (e.bytes_per_message * e.messages + v.bytes) / (e.messages + v.messages);
        e.messages += v.messages;
      }
    }
    for (const e of Object.values(byEvent)) e.bytes_per_message = Math.round(e.bytes_per_message);
    const ticks = metric(after, 'pdo_queries_per_tick_count') - metric(before, 'pdo_queries_per_tick_count');
    const queries = metric(after, 'pdo_queries_per_tick_sum') - metric(before, 'pdo_queries_per_tick_sum');
    return {
      clients: ready.reduce((a, m) => a + Number(m.connected), 0),
      // How many were started: a run where fewer connected is named by both in the report.
      clients_asked: clients,
      client_processes: procs.length,
      panels: ids.length + 1,
      seconds: round(elapsed, 1),
      writes: WRITES,
      deliveries: delays.length,
      missed: all.reduce((a, r) => a + r.missed, 0),
      pushes_received: messages,
      delivery_p50_ms: round(percentile(delays, 0.5)),
      delivery_p95_ms: round(percentile(delays, 0.95)),
      delivery_p99_ms: round(percentile(delays, 0.99)),
      delivery_max_ms: round(percentile(delays, 1)),
      from_refresh_p50_ms: round(percentile(refresh, 0.5)),
      from_refresh_p99_ms: round(percentile(refresh, 0.99)),
      messages_per_s: Math.round(messages / elapsed),
      mib_sent_per_s: round(bytes / elapsed / 2 ** 20, 2),
      bytes_per_push: messages > 0 ? Math.round(bytes / messages) : 0,
      by_event: byEvent,
      ticks_with_queries: ticks,
      queries_per_tick: ticks > 0 ? round(queries / ticks, 2) : 0,
      server_cpu_percent: round((cpu / elapsed) * 100, 0),
      // Every client process together, in % of one core, beside the cores they were pinned to: at
      // the cores' full share the clients, not the server, set the delivery times measured.
      client_cpu_percent: round((clientCpu / elapsed) * 100, 0),
      client_cores: pin ? cpus().length - 1 : cpus().length,
      server_rss_max_mib: rssMax,
      load_average: load,
      // The trace is appended every 250 ms; the drain after the last write has put every line of the window in the file.
      ...(traceFile && key ? { breakdown: fanoutBreakdown(traceFile, key, writes, Date.now(), byWrite) } : {})
    };
  } finally {
    for (const p of procs) if (p.exitCode === null) p.kill();
  }
}

export async function main() {
  const traceDir = TRACE ? mkdtempSync(join(tmpdir(), 'pdo-fanout-trace-')) : null;
  const traceFile = traceDir ? join(traceDir, 'trace') : null;
  const server = await startServerProcess(
    { SIMULATE, SOCKETS_PER_ADDRESS: String(Math.max(...SIZES) + 100), ...(traceFile ? { TRACE_FILE: traceFile } : {}) },
    { ...(pin ? { cpus: serverCpus } : {}), ...(PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] } : {}) }
  );
  try {
    await startUpLoaded(server.url, { crawlRows: SIMULATE === 'on' });
    const { panels } = (await (await fetch(`${server.url}/api/panels`)).json()) as { panels: { id: string }[] };
    const ids = panels.map((p) => p.id);
    const runs = [];
    for (const n of SIZES) {
      process.stderr.write(`fan-out: ${n} clients\n`);
      runs.push(await runSize(server, ids, n, traceFile));
      process.stderr.write(`${JSON.stringify(runs.at(-1))}\n`);
    }
    return {
      bench: 'fanout',
      distinct_keys: ids.length + 1,
      measured_view: MEASURED,
      pinned: pin ? { server: serverCpus, clients: clientCpus } : null,
      runs
    };
  } finally {
    await server.stop();
    if (traceDir) rmSync(traceDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r, null, 2)));
}

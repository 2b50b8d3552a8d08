// Fleet benchmark (`npm run bench -- fleet`): 1, 2 and 3 servers over one ClickHouse endpoint
// (the HTTP harness over chDB) and, for 2 and 3, one Redis; clients in their own processes spread
// over the servers as a load balancer would, on ten views. Each trial writes one posting to the
// first server and measures, for every socket, the time from the start of that write to the push
// that carries it: through the change notice for sockets on the other servers. Also: queries per
// write across the fleet, and the CPU each server used. Servers run from source (tsx), the same
// code as the build without its pages. When the machine has two cores or more, servers are pinned
// to the first and client processes to the others (taskset); Redis and ClickHouse are not pinned.
// BENCH_FLEET_TRACE=1 adds, per run, the breakdown of each write's way through the fleet
// (bench/fleet-trace.ts): every server timestamps its steps, from the insert to the batch sent.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createClient } from '@clickhouse/client';
import { projectRoot } from '../server/paths';
import { startClickHouseHttp } from '../tests/helpers/clickhouse-http';
import { startRedis } from '../tests/helpers/redis';
import type { Seen } from './fleet-clients';
import { breakdown, readTrace } from './fleet-trace';
import { isMain, percentile, round, sleep } from './lib';

const SERVERS = (process.env.BENCH_FLEET_SERVERS ?? '1,2,3').split(',').map(Number);
const CLIENTS = (process.env.BENCH_FLEET_CLIENTS ?? '1000,5000,10000').split(',').map(Number);
const TRIALS = Number(process.env.BENCH_FLEET_TRIALS ?? 20);
/** Between writes: long enough that each write's pushes are over before the next. */
const GAP_MS = Number(process.env.BENCH_FLEET_GAP_MS ?? 1500);
/** After the last write, before the window closes. */
const DRAIN_MS = Number(process.env.BENCH_FLEET_DRAIN_MS ?? 10_000);
const PER_PROCESS = 1000;
/** BENCH_FLEET_TRACE=1: each server timestamps every step of a write's way (bench/fleet-trace.ts). */
const TRACE = process.env.BENCH_FLEET_TRACE === '1';
const VIEWS = Array.from({ length: 10 }, (_, i) => ({ from: `now-${i + 1}h`, to: 'now', grain: 'hour' }));
const root = projectRoot();
const pin = cpus().length >= 2 && existsSync('/usr/bin/taskset');
const serverCpus = '0';
const clientCpus = `1-${cpus().length - 1}`;

interface Server {
  url: string;
  proc: ChildProcess;
  /** Where it writes its trace, with BENCH_FLEET_TRACE=1. */
  trace: string | null;
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function metric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name + ' ') || line.startsWith(name + '{')) sum += Number(line.split(' ').pop());
  return sum;
}

async function startServer(env: Record<string, string>, trace: string | null): Promise<Server> {
  const cmd = [process.execPath, '--import', 'tsx', join(root, 'tests/helpers/fleet-child.ts')];
  const proc = spawn(pin ? 'taskset' : cmd[0]!, pin ? ['-c', serverCpus, ...cmd] : cmd.slice(1), {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', ...(trace ? { FLEET_TRACE: trace } : {}) },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const ready = await new Promise<{ port: number }>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (l) => resolve(JSON.parse(l) as { port: number }));
    proc.once('exit', (code) => reject(new Error(`bench server exited before listening (${code})`)));
  });
  return { url: `http://127.0.0.1:${ready.port}`, proc, trace };
}

const once = (child: ChildProcess, type: string) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`fleet client process exited (${code}) before '${type}'`)));
  });

let postingNo = 0;
/** Writes one posting; resolves with when the POST started and when its answer came. */
async function write(url: string): Promise<{ at: number; ack: number }> {
  const t = Date.now();
  const row = {
    ts: new Date(t - 10 * 60_000).toISOString(),
    platform: 'bench',
    category: 'writing',
    posting_id: `fleet-bench-${process.pid}-${postingNo++}`,
    budget_usd: 100,
    mentions_ai: true
  };
  const res = await fetch(`${url}/api/ingest/market`, { method: 'POST', body: JSON.stringify(row) + '\n' });
  if (!res.ok) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
  return { at: t, ack: Date.now() };
}

async function run(servers: Server[], clients: number) {
  const procs = Array.from({ length: Math.ceil(clients / PER_PROCESS) }, (_, i) =>
    fork(join(root, 'bench/fleet-clients.ts'), [], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        FLEET_URLS: servers.map((s) => s.url).join(','),
        FLEET_CLIENTS: String(Math.min(PER_PROCESS, clients - i * PER_PROCESS)),
        FLEET_OFFSET: String(i * PER_PROCESS),
        FLEET_VIEWS: JSON.stringify(VIEWS)
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
  );
  if (pin) for (const p of procs) spawn('taskset', ['-pc', clientCpus, String(p.pid)], { stdio: 'ignore' });
  try {
    const ready = await Promise.all(procs.map((p) => once(p, 'ready')));
    await sleep(2000);
    const metricsBefore = await Promise.all(servers.map(async (s) => (await fetch(`${s.url}/metrics`)).text()));
    const cpu0 = servers.map((s) => cpuSeconds(s.proc.pid ?? 0));
    const t0 = performance.now();
    const bases = Promise.all(procs.map((p) => once(p, 'bases')));
    for (const p of procs) p.send({ type: 'start' });
    const baseLists = (await bases).map((m) => m.bases as number[]);
    const writes: number[] = [];
    const acks: number[] = [];
    for (let k = 0; k < TRIALS; k++) {
      const w = await write(servers[0]!.url);
      writes.push(w.at);
      acks.push(w.ack);
      await sleep(GAP_MS);
    }
    // The last writes' pushes may still be on their way on a busy machine.
    await sleep(DRAIN_MS);
    const reports = procs.map((p) => once(p, 'report'));
    for (const p of procs) p.send({ type: 'stop' });
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = servers.map((s, i) => cpuSeconds(s.proc.pid ?? 0) - cpu0[i]!);
    const metricsAfter = await Promise.all(servers.map(async (s) => (await fetch(`${s.url}/metrics`)).text()));
    const seenLists = (await Promise.all(reports)).map((m) => m.seen as Seen[]);
    // Write k reaches a socket when its total first reaches its base + k + 1.
    const delays: number[] = [];
    // Per server, per write: its sockets' delays, for the breakdown.
    const byServer = servers.map(() => writes.map((): number[] => []));
    let missed = 0;
    seenLists.forEach((seen, p) => {
      const bySock = new Map<number, Seen[]>();
      for (const s of seen) bySock.set(s.sock, [...(bySock.get(s.sock) ?? []), s]);
      baseLists[p]!.forEach((base, sock) => {
        const mine = bySock.get(sock) ?? [];
        writes.forEach((at, k) => {
          const hit = mine.find((s) => s.total >= base + k + 1);
          if (hit) {
            delays.push(hit.at - at);
            byServer[(p * PER_PROCESS + sock) % servers.length]![k]!.push(hit.at - at);
          } else missed++;
        });
      });
    });
    const queries = metricsAfter.map((t, i) => metric(t, 'pdo_live_queries_total') - metric(metricsBefore[i]!, 'pdo_live_queries_total'));
    const received = metricsAfter.map(
      (t, i) => metric(t, 'pdo_fleet_results_received_total') - metric(metricsBefore[i]!, 'pdo_fleet_results_received_total')
    );
    // The servers append their traces a few times a second: the last lines are in after that.
    if (TRACE) await sleep(500);
    const trace = TRACE
      ? breakdown(
          servers.map((s) => readTrace(s.trace ?? '')),
          writes,
          acks,
          (writes.at(-1) ?? 0) + GAP_MS,
          byServer
        )
      : undefined;
    return {
      servers: servers.length,
      clients: ready.reduce((a, m) => a + Number(m.connected), 0),
      client_processes: procs.length,
      writes: TRIALS,
      deliveries: delays.length,
      missed,
      delivery_p50_ms: round(percentile(delays, 0.5)),
      delivery_p95_ms: round(percentile(delays, 0.95)),
      delivery_p99_ms: round(percentile(delays, 0.99)),
      // Every query the fleet ran in the window (writes and timed refreshes), per write.
      queries_per_write: round(queries.reduce((a, b) => a + b, 0) / TRIALS, 2),
      queries_per_server: queries,
      results_received_per_server: received,
      cpu_percent_per_server: cpu.map((c) => round((c / elapsed) * 100, 0)),
      load_average_1m: round(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]), 2),
      ...(trace ? { trace } : {})
    };
  } finally {
    for (const p of procs) if (p.exitCode === null) p.kill();
  }
}

export async function main() {
  const [ch, redis] = await Promise.all([startClickHouseHttp(), startRedis()]);
  const runs = [];
  try {
    for (const n of SERVERS) {
      const database = `pdo_fleet_bench_${process.pid}_${n}`;
      const c = createClient({ url: ch.url });
      await c.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
      await c.close();
      // One server alone runs without Redis: the baseline a fleet is compared with.
      const env = {
        CLICKHOUSE_URL: ch.url,
        CLICKHOUSE_DATABASE: database,
        SOCKETS_PER_ADDRESS: String(Math.max(...CLIENTS) + 100),
        ...(n > 1 ? { REDIS_URL: redis.url } : {})
      };
      const servers: Server[] = [];
      // One after another: the first applies the migrations.
      for (let i = 0; i < n; i++)
        servers.push(await startServer(env, TRACE ? join(tmpdir(), `pdo-fleet-trace-${process.pid}-${n}-${i}`) : null));
      try {
        for (const clients of CLIENTS) {
          process.stderr.write(`fleet: ${n} server(s), ${clients} clients\n`);
          runs.push(await run(servers, clients));
          process.stderr.write(`${JSON.stringify(runs.at(-1))}\n`);
        }
      } finally {
        for (const s of servers) {
          s.proc.kill('SIGTERM');
          await new Promise((r) => (s.proc.exitCode === null ? s.proc.once('exit', r) : r(null)));
          if (s.trace) rmSync(s.trace, { force: true });
        }
      }
    }
  } finally {
    await redis.stop();
    await ch.stop();
  }
  return { bench: 'fleet', views: VIEWS.length, pinned: pin ? { servers: serverCpus, clients: clientCpus } : null, runs };
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r, null, 2)));
}

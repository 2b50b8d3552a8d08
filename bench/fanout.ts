// Fan-out: a production server streaming simulated data, and N socket clients in separate
// processes (a thousand per process), each watching every overview panel. For each N in
// BENCH_FANOUT_CLIENTS (default 1000 and 5000): queries per tick against clients and distinct
// keys, delivery delay after each refresh (p50/p95/p99), messages and bytes sent per second and
// per push, the server's CPU and its peak memory.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../server/paths';
import type { ClientReport } from './fanout-clients';
import { isMain, percentile, round, sleep, startServerProcess, startUpLoaded, type ServerProcess } from './lib';

const SIZES = (process.env.BENCH_FANOUT_CLIENTS ?? '1000,5000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_FANOUT_SECONDS ?? 30);
const PER_PROCESS = 1000;

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

async function runSize(server: ServerProcess, ids: string[], clients: number) {
  const root = projectRoot();
  const procs = Array.from({ length: Math.ceil(clients / PER_PROCESS) }, (_, i) =>
    fork(join(root, 'bench/fanout-clients.ts'), [], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        FANOUT_URL: server.url,
        FANOUT_CLIENTS: String(Math.min(PER_PROCESS, clients - i * PER_PROCESS)),
        FANOUT_PANELS: ids.join(',')
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
  );
  try {
    const ready = await Promise.all(procs.map((p) => once(p, 'ready')));
    // Let the first snapshots of every subscription go out before the window opens.
    await sleep(3000);
    const before = await (await fetch(`${server.url}/metrics`)).text();
    const cpu0 = cpuSeconds(server.pid);
    const t0 = performance.now();
    let rssMax = server.rssMiB();
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, server.rssMiB())), 1000);
    for (const p of procs) p.send({ type: 'start' });
    await sleep(SECONDS * 1000);
    const reports = procs.map((p) => once(p, 'report'));
    for (const p of procs) p.send({ type: 'stop' });
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(server.pid) - cpu0;
    clearInterval(sampler);
    const after = await (await fetch(`${server.url}/metrics`)).text();
    const all = (await Promise.all(reports)).map((m) => m.report as ClientReport);
    const delays = all.flatMap((r) => r.delays);
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
      client_processes: procs.length,
      panels: ids.length,
      seconds: round(elapsed, 1),
      pushes_received: messages,
      delivery_p50_ms: round(percentile(delays, 0.5)),
      delivery_p95_ms: round(percentile(delays, 0.95)),
      delivery_p99_ms: round(percentile(delays, 0.99)),
      delivery_max_ms: round(percentile(delays, 1)),
      messages_per_s: Math.round(messages / elapsed),
      mib_sent_per_s: round(bytes / elapsed / 2 ** 20, 2),
      bytes_per_push: messages > 0 ? Math.round(bytes / messages) : 0,
      by_event: byEvent,
      ticks_with_queries: ticks,
      queries_per_tick: ticks > 0 ? round(queries / ticks, 2) : 0,
      server_cpu_percent: round((cpu / elapsed) * 100, 0),
      server_rss_max_mib: rssMax
    };
  } finally {
    for (const p of procs) if (p.exitCode === null) p.kill();
  }
}

export async function main() {
  const server = await startServerProcess({ SIMULATE: 'on', SOCKETS_PER_ADDRESS: String(Math.max(...SIZES) + 100) });
  try {
    await startUpLoaded(server.url, { crawlRows: true });
    const { panels } = (await (await fetch(`${server.url}/api/panels`)).json()) as { panels: { id: string }[] };
    const ids = panels.map((p) => p.id);
    const runs = [];
    for (const n of SIZES) {
      process.stderr.write(`fan-out: ${n} clients\n`);
      runs.push(await runSize(server, ids, n));
    }
    return { bench: 'fanout', distinct_keys: ids.length, runs };
  } finally {
    await server.stop();
  }
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r, null, 2)));
}

// The send path alone (`npx tsx bench/fanout-send.ts`): a socket.io server in this process with
// the server's own batcher and socket.io target (server/live/push-batch.ts, push-target.ts), and
// N socket.io clients in child processes (a thousand each, pinned apart from this process's core
// when the machine has two or more). Each round hands the batcher one refresh pass's results (a
// delta of one view and the whole result of another, the sizes the fan-out benchmark measures)
// for every socket, and times the flush that writes them: CPU time (user + system, which holds the
// write system calls) of this process, which a loaded machine distorts far less than wall time.
// The next round starts once every client has its message, so rounds never overlap. Reports CPU
// per flush and per socket (p50, p95) for each N in BENCH_SEND_CLIENTS (default 1000, 5000), and
// per socket with the frame as socket.io-adapter builds it (every other round), for comparison.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import type { LivePush, PanelRow } from '../src/lib/contract/socket';
import { createMetrics } from '../server/metrics/metrics';
import { PushBatcher } from '../server/live/push-batch';
import { ioPushTarget } from '../server/live/push-target';
import type { IoServer } from '../server/live/sockets';
import { isMain, percentile, round, sleep } from './lib';

const SIZES = (process.env.BENCH_SEND_CLIENTS ?? '1000,5000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_SEND_ROUNDS ?? 30);
const PER_PROCESS = 1000;
const pin = cpus().length >= 2 && existsSync('/usr/bin/taskset');

/** A client process: `count` sockets that count the live messages they receive. */
async function clientMain() {
  const { io } = await import('socket.io-client');
  const url = process.env.SEND_URL ?? '';
  const n = Number(process.env.SEND_CLIENTS ?? 0);
  let received = 0;
  const sockets: ReturnType<typeof io>[] = [];
  for (let i = 0; i < n; i++) {
    const s = io(url, { transports: ['websocket'], forceNew: true, auth: { batch: true }, timeout: 120_000 });
    s.onAny((event: string) => {
      if (event.startsWith('panel:')) received++;
    });
    sockets.push(s);
    if (i % 50 === 49) await sleep(100);
  }
  await Promise.all(sockets.map((s) => (s.connected ? null : new Promise((r) => s.once('connect', () => r(null))))));
  process.send?.({ type: 'ready' });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'count') process.send?.({ type: 'count', received });
    if (m.type === 'stop') {
      for (const s of sockets) s.close();
      process.disconnect?.();
    }
  });
}

const rows = (n: number, i: number): PanelRow[] =>
  Array.from({ length: n }, (_, k) => ({
    t: `2026-12-06T${String(k % 24).padStart(2, '0')}:00:00Z`,
    docs: 1000 + k + i,
    share: 0.25 + k / 1000
  }));

/** One pass's results: a delta of view A (about 450 bytes) and the whole of view B (about 3 kB). */
function pass(i: number): LivePush[] {
  const as_of = new Date().toISOString();
  return [
    [
      'panel:delta',
      { key: 'A', panel: 'provenance.ai_share', as_of, seq: i + 2, base: i + 1, run: 'r', splices: [{ at: 40, del: 1, rows: rows(5, i) }] }
    ],
    ['panel:data', { key: 'B', panel: 'provenance.by_lang', as_of, seq: i + 1, run: 'r', rows: rows(45, i) }]
  ];
}

const ask = (p: ChildProcess, type: string) =>
  new Promise<Record<string, unknown>>((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (m.type !== type) return;
      p.off('message', on);
      resolve(m);
    };
    p.on('message', on);
  });

async function runSize(clients: number) {
  const http = createServer();
  const io: IoServer = new Server(http, { transports: ['websocket'], serveClient: false, pingInterval: 60_000, pingTimeout: 60_000 });
  io.on('connection', (socket) => {
    socket.data.batch = true;
    void socket.join(['deltas A', 'B']);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const batcher = new PushBatcher(ioPushTarget(io), createMetrics());
  // Rounds alternate between the frame as the server sends it (one buffer, push-target.ts) and as
  // socket.io-adapter builds it (header and payload): the two compared under the same load.
  const adapter = io.of('/').adapter as unknown as Record<string, unknown>;
  const oneBuffer = adapter._encode;
  const procs = Array.from({ length: Math.ceil(clients / PER_PROCESS) }, (_, i) =>
    fork(fileURLToPath(import.meta.url), ['client'], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, SEND_URL: url, SEND_CLIENTS: String(Math.min(PER_PROCESS, clients - i * PER_PROCESS)) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
  );
  if (pin) for (const p of procs) spawnSync('taskset', ['-a', '-pc', `1-${cpus().length - 1}`, String(p.pid)], { stdio: 'ignore' });
  try {
    await Promise.all(procs.map((p) => ask(p, 'ready')));
    const cpu: number[] = [];
    const twoBuffers: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const [a, b] = pass(r);
      const two = r % 2 === 1;
      if (two) delete adapter._encode;
      else adapter._encode = oneBuffer;
      const c0 = process.cpuUsage();
      batcher.add(a!, ['deltas A']);
      batcher.add(b!, ['B', 'deltas B']);
      batcher.flush();
      const c = process.cpuUsage(c0);
      (two ? twoBuffers : cpu).push((c.user + c.system) / 1000);
      // Every client has this round's message before the next round starts.
      for (;;) {
        const counts = await Promise.all(
          procs.map((p) => {
            const answer = ask(p, 'count');
            p.send({ type: 'count' });
            return answer;
          })
        );
        if (counts.reduce((n, m) => n + Number(m.received), 0) >= clients * (r + 1)) break;
        await sleep(20);
      }
    }
    const p50 = percentile(cpu, 0.5);
    return {
      clients,
      rounds: ROUNDS,
      flush_cpu_p50_ms: round(p50, 2),
      flush_cpu_p95_ms: round(percentile(cpu, 0.95), 2),
      cpu_us_per_socket_p50: round((p50 * 1000) / clients, 2),
      two_buffer_frames_cpu_us_per_socket_p50: round((percentile(twoBuffers, 0.5) * 1000) / clients, 2),
      load_average: loadavg().map((l) => round(l, 2))
    };
  } finally {
    for (const p of procs) if (p.connected) p.send({ type: 'stop' });
    await new Promise<void>((r) => io.close(() => r()));
  }
}

export async function main() {
  const runs = [];
  // This process is the server: pinned to the first core, apart from its clients.
  if (pin) spawnSync('taskset', ['-a', '-pc', '0', String(process.pid)], { stdio: 'ignore' });
  for (const n of SIZES) {
    runs.push(await runSize(n));
    process.stderr.write(`${JSON.stringify(runs.at(-1))}\n`);
  }
  return { bench: 'fanout_send', runs };
}

if (process.argv[2] === 'client') void clientMain();
else if (isMain(import.meta.url)) main().then((r) => console.log(JSON.stringify(r, null, 2)));

// Overload: what the server does when pushed past its bounds, and whether /api/health stays fast.
// Each case runs against a production server with /api/health sampled every 20 ms from a
// separate thread (so the load generator's own event loop does not colour the numbers) and the
// server's resident memory read from /proc every 50 ms. Cases (from the hostile-input probe):
// 200 concurrent 4 MiB uploads, 100 concurrent 16 MiB uploads, 40 concurrent forecasts of a
// million draws, and 500 sockets asking for 64 distinct views each while a new viewer opens the
// default overview panel. Loopback only; every loop is bounded.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { io as connect, type Socket } from 'socket.io-client';
import { projectRoot } from '../server/paths';
import { crawlLine, isMain, percentile, round, sleep, startServerProcess, type ServerProcess } from './lib';

const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => (stop = true));
(async () => {
  const out = [];
  while (!stop && out.length < 100000) {
    const t = performance.now();
    try { await fetch(workerData.url + '/api/health', { signal: AbortSignal.timeout(60000) }); out.push(performance.now() - t); }
    catch { out.push(60000); }
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage(out);
})();
`;

interface CaseResult {
  case: string;
  seconds: number;
  statuses: Record<string, number>;
  health_samples: number;
  health_p50_ms: number;
  health_p99_ms: number;
  health_max_ms: number;
  peak_rss_mib: number;
  [k: string]: unknown;
}

async function measure(server: ServerProcess, name: string, load: () => Promise<Record<string, unknown>>): Promise<CaseResult> {
  const probe = new Worker(PROBE, { eval: true, workerData: { url: server.url } });
  const samples = new Promise<number[]>((r) => probe.once('message', r));
  let peak = server.rssMiB();
  const rss = setInterval(() => (peak = Math.max(peak, server.rssMiB())), 50);
  const t = performance.now();
  const extra = await load();
  const seconds = (performance.now() - t) / 1000;
  clearInterval(rss);
  probe.postMessage('stop');
  const h = await samples;
  await probe.terminate();
  const r: CaseResult = {
    case: name,
    seconds: round(seconds),
    statuses: {},
    health_samples: h.length,
    health_p50_ms: round(percentile(h, 0.5)),
    health_p99_ms: round(percentile(h, 0.99)),
    health_max_ms: round(Math.max(...h)),
    peak_rss_mib: peak,
    ...extra
  };
  process.stderr.write(`${JSON.stringify(r)}\n`);
  return r;
}

function tally(statuses: (number | string)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[String(s)] = (out[String(s)] ?? 0) + 1;
  return out;
}

/** A crawl NDJSON body of about `mib` MiB. */
function body(mib: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < mib * 1024 * 1024; i++) {
    const l = crawlLine(i, Date.UTC(2025, 0, 1) + i);
    lines.push(l);
    size += l.length + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

async function uploads(server: ServerProcess, n: number, mib: number) {
  const b = body(mib);
  const statuses = await Promise.all(
    Array.from({ length: n }, () =>
      fetch(`${server.url}/api/ingest/crawl`, { method: 'POST', body: new Uint8Array(b) }).then(
        async (r) => (await r.arrayBuffer(), r.status),
        (e: unknown) => `error ${(e as Error).message}`
      )
    )
  );
  return { statuses: tally(statuses), body_mib: round(b.length / 1048576) };
}

async function forecasts(server: ServerProcess, n: number) {
  const statuses = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      fetch(`${server.url}/api/forecast?draws=1000000&seed=${i + 1}`).then(
        async (r) => (await r.arrayBuffer(), r.status),
        () => 'error'
      )
    )
  );
  return { statuses: tally(statuses) };
}

type Client = Socket;
async function hubCrowd(server: ServerProcess, sockets: number, each: number) {
  const clients: Client[] = [];
  const acks: string[] = [];
  try {
    await Promise.all(
      Array.from({ length: sockets }, async (_, s) => {
        const c = connect(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
        clients.push(c);
        const ok = await new Promise<boolean>((r) => {
          c.once('connect', () => r(true));
          c.once('connect_error', () => r(false));
        });
        if (!ok) return void acks.push('refused connection');
        for (let k = 0; k < each; k++) {
          const a = (await c
            .timeout(60_000)
            .emitWithAck('subscribe', {
              panel: 'provenance.by_domain',
              filters: { limit: 1 + ((s * each + k) % 100), from: `now-${1 + Math.floor((s * each + k) / 100)}d` }
            })
            .catch(() => ({ error: 'timeout' }))) as { key?: string; error?: string };
          acks.push(a.key ? 'key' : (a.error ?? '').replace(/\d+/g, 'N'));
        }
      })
    );
    // A new viewer of the default overview panel, while the crowd's keys are due.
    // From another loopback address: the crowd has used up its own address's share of keys.
    const viewer = connect(server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      localAddress: '127.0.0.2'
    } as Parameters<typeof connect>[1]);
    clients.push(viewer);
    await new Promise<void>((r) => viewer.once('connect', () => r()));
    const t = performance.now();
    const first = new Promise<number>((r) => viewer.once('panel:data', () => r(performance.now() - t)));
    const ack = (await viewer.timeout(60_000).emitWithAck('subscribe', { panel: 'provenance.ai_share', filters: {} })) as {
      error?: string;
    };
    if (ack.error) throw new Error(`the new viewer was refused: ${ack.error}`);
    const newViewerMs = await Promise.race([first, new Promise<number>((r) => setTimeout(() => r(NaN), 60_000))]);
    return { statuses: tally(acks), new_viewer_first_data_ms: round(newViewerMs) };
  } finally {
    for (const c of clients) c.close();
  }
}

function previousCases(): CaseResult[] {
  const file = join(projectRoot(), 'bench/results/latest.json');
  if (!existsSync(file)) return [];
  const prior = JSON.parse(readFileSync(file, 'utf8')) as { overload?: { cases?: CaseResult[] } };
  return prior.overload?.cases ?? [];
}

export async function main() {
  const server = await startServerProcess({ SIMULATE: 'off' });
  try {
    await fetch(`${server.url}/api/ingest/crawl`, { method: 'POST', body: new Uint8Array(body(1)) });
    const all: [string, () => Promise<Record<string, unknown>>][] = [
      ['idle, 2 s', async () => (await sleep(2000), {})],
      ['200 concurrent 4 MiB uploads', () => uploads(server, 200, 4)],
      ['100 concurrent 16 MiB uploads', () => uploads(server, 100, 16)],
      ['40 concurrent forecasts, draws=1000000', () => forecasts(server, 40)],
      ['500 sockets x 64 distinct views, then a new viewer', () => hubCrowd(server, 500, 64)]
    ];
    // OVERLOAD_CASES=idle,sockets reruns some cases (matched by a word of their name) and keeps
    // the earlier results of the others.
    const pick = process.env.OVERLOAD_CASES?.split(',');
    const cases: CaseResult[] = pick ? previousCases() : [];
    for (const [name, load] of all) {
      if (pick && !pick.some((w) => name.includes(w))) continue;
      const r = await measure(server, name, load);
      const at = cases.findIndex((c) => c.case === name);
      if (at >= 0) cases[at] = r;
      else cases.push(r);
    }
    return { cases };
  } finally {
    await server.stop();
  }
}

if (isMain(import.meta.url)) console.log(JSON.stringify(await main(), null, 2));

// Ingest to screen: a client watches a live panel; each trial POSTs one crawl row and waits for
// the push that contains it. Measured from the accepted POST (response received) and from the
// start of the request.
import { io } from 'socket.io-client';
import type { PanelData } from '../src/lib/contract/socket';
import { crawlLine, isMain, percentile, round, sleep, startServerProcess } from './lib';

const TRIALS = Number(process.env.BENCH_I2S_TRIALS ?? 60);

export async function main() {
  const server = await startServerProcess({ SIMULATE: 'off' });
  const socket = io(server.url, { transports: ['websocket'], reconnection: false });
  try {
    await new Promise<void>((r) => socket.once('connect', () => r()));
    let docs = 0;
    let waiter: ((d: number) => void) | null = null;
    socket.on('panel:data', (d: PanelData) => {
      docs = d.rows.reduce((n, r) => n + Number(r.docs ?? 0), 0);
      waiter?.(docs);
    });
    await new Promise((r) => socket.emit('subscribe', { panel: 'provenance.ai_share', filters: { from: 'now-1h', grain: 'minute' } }, r));
    const fromAck: number[] = [];
    const fromStart: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const want = docs + 1;
      const seen = new Promise<number>((resolve) => {
        waiter = (d) => {
          if (d >= want) resolve(performance.now());
        };
      });
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/ingest/crawl`, { method: 'POST', body: crawlLine(i, Date.now() - 1000) + '\n' });
      const t1 = performance.now();
      if (!res.ok) throw new Error(`ingest failed: ${res.status}`);
      const t2 = await seen;
      fromAck.push(t2 - t1);
      fromStart.push(t2 - t0);
      await sleep(100);
    }
    return {
      bench: 'ingest_to_screen',
      trials: TRIALS,
      from_accept_p50_ms: round(percentile(fromAck, 0.5)),
      from_accept_p95_ms: round(percentile(fromAck, 0.95)),
      from_request_p50_ms: round(percentile(fromStart, 0.5)),
      from_request_p95_ms: round(percentile(fromStart, 0.95))
    };
  } finally {
    socket.close();
    await server.stop();
  }
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r)));
}

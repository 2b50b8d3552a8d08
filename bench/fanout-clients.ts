// The client side of the fan-out benchmark, in its own process so the server is measured as it
// would be with remote viewers: N socket.io clients each watching the given panels. Prints one
// JSON line: per-push delivery delays (receive time minus the result's as_of, the moment the
// refresh began) and counts. Clients ask for deltas as the browser does (FANOUT_DELTAS=0: whole
// results on every change, as before deltas); a delta is a push like a whole result.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PanelData, PanelDelta, ServerToClientEvents } from '../src/lib/contract/socket';
import { percentile, round, sleep } from './lib';

const url = process.env.FANOUT_URL ?? '';
const clients = Number(process.env.FANOUT_CLIENTS ?? 1000);
const seconds = Number(process.env.FANOUT_SECONDS ?? 30);
const panels = (process.env.FANOUT_PANELS ?? 'provenance.ai_share').split(',');
const deltas = process.env.FANOUT_DELTAS !== '0';

const delays: number[] = [];
let received = 0;
let measuring = false;
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

for (let i = 0; i < clients; i++) {
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  const push = (d: PanelData | PanelDelta) => {
    received++;
    if (measuring) delays.push(Date.now() - Date.parse(d.as_of));
  };
  s.on('panel:data', push);
  s.on('panel:delta', push);
  s.on('connect', () => {
    for (const panel of panels) s.emit('subscribe', { panel: panel as never, filters: {}, deltas }, () => undefined);
  });
  sockets.push(s);
  // Connect gradually, as screens would, rather than in one burst the listen backlog drops.
  if (i % 50 === 49) await sleep(50);
}
for (let waited = 0; sockets.some((s) => !s.connected) && waited < 30_000; waited += 200) await sleep(200);
const connected = sockets.filter((s) => s.connected).length;
await sleep(3000);
measuring = true;
const before = received;
await sleep(seconds * 1000);
measuring = false;
const pushes = received - before;
for (const s of sockets) s.close();
console.log(
  JSON.stringify({
    clients: connected,
    deltas,
    panels: panels.length,
    pushes_received: pushes,
    delivery_p50_ms: round(percentile(delays, 0.5)),
    delivery_p95_ms: round(percentile(delays, 0.95)),
    delivery_p99_ms: round(percentile(delays, 0.99)),
    delivery_max_ms: round(percentile(delays, 1))
  })
);
process.exit(0);

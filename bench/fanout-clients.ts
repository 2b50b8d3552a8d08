// The client side of the fan-out benchmark, in its own process so the server is measured as it
// would be with remote viewers, and so several processes can share the clients of one run: one
// Node process drives about a thousand sockets before its own event loop becomes what is measured.
// Talks to the parent over IPC: 'ready' once every socket is connected and subscribed, then
// 'start' and 'stop' from the parent bound the measured window, and the answer is the raw
// delivery delays and byte counts of that window (the parent takes percentiles over all processes).
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LivePush, ServerToClientEvents } from '../src/lib/contract/socket';
import { sleep } from './lib';

const url = process.env.FANOUT_URL ?? '';
const clients = Number(process.env.FANOUT_CLIENTS ?? 1000);
const panels = (process.env.FANOUT_PANELS ?? 'provenance.ai_share').split(',');
// Ask for deltas as the browser does; FANOUT_DELTAS=0 takes every change whole, as before deltas.
const deltas = process.env.FANOUT_DELTAS !== '0';
// Take a refresh pass's results in one message as the browser does; FANOUT_BATCH=0, one message each.
const batch = process.env.FANOUT_BATCH !== '0';

export interface ClientReport {
  connected: number;
  /** Receive time minus the result's as_of (when its refresh began), ms, one per result (a batch holds several). */
  delays: number[];
  messages: number;
  /** Bytes of the socket.io messages received, as the server encoded them (no WebSocket framing). */
  bytes: number;
  /** Messages and bytes by event name ('panel:data', and any other panel event). */
  by_event: Record<string, { messages: number; bytes: number }>;
}

const send = (m: object) => process.send?.(m);
let measuring = false;
const report: ClientReport = { connected: 0, delays: [], messages: 0, bytes: 0, by_event: {} };
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

for (let i = 0; i < clients; i++) {
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ['websocket'],
    forceNew: true,
    auth: { batch },
    // Thousands of handshakes at once queue on a 2-core server: wait longer, and retry a refused one.
    timeout: 60_000,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000
  });
  s.io.on('open', () => {
    // Every engine.io message is one socket.io packet; its encoded length is what went on the wire.
    s.io.engine.on('packet', (p: { type: string; data?: unknown }) => {
      if (!measuring || p.type !== 'message') return;
      report.bytes += typeof p.data === 'string' ? Buffer.byteLength(p.data) : ((p.data as ArrayBuffer | undefined)?.byteLength ?? 0);
    });
  });
  s.onAny((event: string, d: { as_of?: unknown } | undefined) => {
    if (!measuring || !event.startsWith('panel:')) return;
    report.messages++;
    const e = (report.by_event[event] ??= { messages: 0, bytes: 0 });
    e.messages++;
    e.bytes += Buffer.byteLength(JSON.stringify(d ?? null));
    const now = Date.now();
    const results = event === 'panel:batch' ? (d as unknown as LivePush[]).map((p) => p[1]) : [d];
    for (const r of results) if (typeof r?.as_of === 'string') report.delays.push(now - Date.parse(r.as_of));
  });
  s.on('connect', () => {
    for (const panel of panels) s.emit('subscribe', { panel: panel as never, filters: {}, deltas }, () => undefined);
  });
  sockets.push(s);
  // Connect gradually, as screens would (200 a second per process), rather than in one burst.
  if (i % 50 === 49) await sleep(250);
}
// Wait for every handshake (a busy server queues them), for three minutes at most; a socket still
// not connected then is reported as such rather than holding up the run.
let giveUp: NodeJS.Timeout | undefined;
await Promise.race([
  Promise.all(sockets.map((s) => (s.connected ? undefined : new Promise((resolve) => s.once('connect', () => resolve(undefined)))))),
  new Promise((resolve) => (giveUp = setTimeout(resolve, 180_000)))
]);
clearTimeout(giveUp);
report.connected = sockets.filter((s) => s.connected).length;
send({ type: 'ready', connected: report.connected });

process.on('message', (m: { type: string }) => {
  if (m.type === 'start') measuring = true;
  if (m.type === 'stop') {
    measuring = false;
    for (const s of sockets) s.close();
    // Disconnect only once the report is written: it is large (a delay per message), and closing
    // the channel at once can drop it.
    process.send?.({ type: 'report', report }, () => process.disconnect?.());
  }
});

// The client side of the fan-out benchmark, in its own process so the server is measured as it
// would be with remote viewers, and so several processes can share the clients of one run: one
// Node process drives about a thousand sockets before its own event loop becomes what is measured.
// Each socket watches the FANOUT_PANELS (default views) and one measured view (FANOUT_MEASURED:
// a panel and filters that only the benchmark's own writes change), applying deltas as the browser
// does, and logs when the measured view's total changed. Talks to the parent over IPC: 'ready'
// once every socket holds its measured view; 'start' opens the window (answered with each socket's
// total then, 'bases'); 'stop' closes it and carries the start time of each write the parent made,
// and the answer is each write's delay to each socket, from the start of the write request.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LivePush, PanelData, PanelDelta, ServerToClientEvents } from '../src/lib/contract/socket';
import { receiveDelta } from '../src/lib/shared/live-delta';
import { sleep } from './lib';

const url = process.env.FANOUT_URL ?? '';
const clients = Number(process.env.FANOUT_CLIENTS ?? 1000);
const panels = (process.env.FANOUT_PANELS ?? '').split(',').filter(Boolean);
const measured = JSON.parse(process.env.FANOUT_MEASURED ?? '{}') as { panel: string; filters: Record<string, unknown>; measure: string };
// Ask for deltas as the browser does; FANOUT_DELTAS=0 takes every change whole, as before deltas.
const deltas = process.env.FANOUT_DELTAS !== '0';
// Take a refresh pass's results in one message as the browser does; FANOUT_BATCH=0, one message each.
const batch = process.env.FANOUT_BATCH !== '0';

export interface ClientReport {
  connected: number;
  /** Per write, per socket that saw it: arrival minus the start of the write request, ms. */
  delays: number[][];
  /** The measured view's subscription key, as the server names it (and its trace). */
  key: string | null;
  /** Writes a socket never saw before the window closed (one per socket and write). */
  missed: number;
  /** Receive time minus the result's as_of (when its refresh began), ms, one per result (a batch holds several). */
  refresh_delays: number[];
  messages: number;
  /** Bytes of the socket.io messages received, as the server encoded them (no WebSocket framing). */
  bytes: number;
  /** Messages and their encoded packets' bytes by event name ('panel:data', and any other panel event). */
  by_event: Record<string, { messages: number; bytes: number }>;
}

/** One change of the measured view seen by one socket: when, and its total after it. */
interface Seen {
  at: number;
  total: number;
}

const send = (m: object) => process.send?.(m);
let measuring = false;
const report: ClientReport = { connected: 0, delays: [], key: null, missed: 0, refresh_delays: [], messages: 0, bytes: 0, by_event: {} };
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
/** Per socket: its measured view's total now, and the changes it saw while measuring. */
const totals: number[] = [];
const seen: Seen[][] = [];
const holding: Promise<void>[] = [];

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
  totals.push(-1);
  seen.push([]);
  let key: string | null = null;
  let held: PanelData | null = null;
  let first: (() => void) | null = null;
  holding.push(new Promise((resolve) => (first = resolve)));
  const got = (d: PanelData) => {
    held = d;
    const t = d.rows.reduce((a, r) => a + Number(r[measured.measure] ?? 0), 0);
    if (t !== totals[i] && measuring) seen[i]!.push({ at: Date.now(), total: t });
    totals[i] = t;
    first?.();
    first = null;
  };
  // One result, alone or out of a batch: the measured view's are applied, every one is timed from its refresh.
  const take = (event: string, d: PanelData | PanelDelta, now: number) => {
    if (measuring && typeof d.as_of === 'string') report.refresh_delays.push(now - Date.parse(d.as_of));
    if (d.key !== key) return;
    if (event === 'panel:data') got(d as PanelData);
    else if (event === 'panel:delta') {
      const next = receiveDelta(held, d as PanelDelta);
      if (next === 'gap') s.emit('resync', { key: d.key });
      else if (next !== 'old') got(next);
    }
  };
  // The encoded length of the packet socket.io is decoding: the engine emits 'packet' and socket.io
  // decodes it and calls the event's listeners in the same turn, so onAny below sees this packet's.
  let packetBytes = 0;
  s.io.on('open', () => {
    // Every engine.io message is one socket.io packet; its encoded length is what went on the wire.
    s.io.engine.on('packet', (p: { type: string; data?: unknown }) => {
      if (!measuring || p.type !== 'message') return;
      packetBytes = typeof p.data === 'string' ? Buffer.byteLength(p.data) : ((p.data as ArrayBuffer | undefined)?.byteLength ?? 0);
      report.bytes += packetBytes;
    });
  });
  s.onAny((event: string, d: unknown) => {
    if (!event.startsWith('panel:')) return;
    const now = Date.now();
    if (measuring) {
      report.messages++;
      const e = (report.by_event[event] ??= { messages: 0, bytes: 0 });
      e.messages++;
      // Not the payload encoded again: at thousands of sockets on one core, that doubled what a
      // client spends per message, and the clients' core became what the benchmark measured.
      e.bytes += packetBytes;
    }
    if (event === 'panel:batch') for (const [ev, p] of d as LivePush[]) take(ev, p, now);
    else take(event, d as PanelData | PanelDelta, now);
  });
  s.on('connect', () => {
    s.emit('subscribe', { panel: measured.panel as never, filters: measured.filters as never, deltas }, (ack) => {
      if ('key' in ack) report.key = key = ack.key;
    });
    for (const panel of panels) s.emit('subscribe', { panel: panel as never, filters: {}, deltas }, () => undefined);
  });
  sockets.push(s);
  // Connect gradually, as screens would (200 a second per process), rather than in one burst.
  if (i % 50 === 49) await sleep(250);
}
// Wait for every socket's measured view (a busy server queues handshakes), for three minutes at
// most; a socket still without it then is reported as not connected rather than holding up the run.
let giveUp: NodeJS.Timeout | undefined;
await Promise.race([Promise.all(holding), new Promise((resolve) => (giveUp = setTimeout(resolve, 180_000)))]);
clearTimeout(giveUp);
report.connected = sockets.filter((s, i) => s.connected && totals[i] !== -1).length;
send({ type: 'ready', connected: report.connected });

let bases: number[] = [];
process.on('message', (m: { type: string; writes?: number[] }) => {
  if (m.type === 'start') {
    measuring = true;
    bases = [...totals];
    send({ type: 'bases' });
  }
  if (m.type === 'stop') {
    measuring = false;
    for (const s of sockets) s.close();
    // Write k has reached a socket once its total first reaches its base + k + 1.
    const writes = m.writes ?? [];
    seen.forEach((mine, i) => {
      if (bases[i] === -1) return;
      writes.forEach((at, k) => {
        const hit = mine.find((x) => x.total >= bases[i]! + k + 1);
        if (hit) (report.delays[k] ??= []).push(hit.at - at);
        else report.missed++;
      });
    });
    // Disconnect only once the report is written: it is large (a delay per result), and closing
    // the channel at once can drop it.
    process.send?.({ type: 'report', report }, () => process.disconnect?.());
  }
});

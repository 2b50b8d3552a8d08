// The client side of the fleet benchmark, in its own process (pinned apart from the servers when
// the machine has the cores): FLEET_CLIENTS sockets spread round-robin over FLEET_URLS, each
// watching one of FLEET_VIEWS views. Each logs, per key, when the total it holds changed; the
// parent turns the log into delays from each write. Talks to the parent over IPC: 'ready' once
// every socket holds its view, then 'start' and 'stop' bound the measured window.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PanelData, ServerToClientEvents } from '../src/lib/contract/socket';
import { receiveDelta } from '../src/lib/shared/live-delta';
import { sleep } from './lib';

const urls = (process.env.FLEET_URLS ?? '').split(',');
const clients = Number(process.env.FLEET_CLIENTS ?? 1000);
const offset = Number(process.env.FLEET_OFFSET ?? 0);
const views = JSON.parse(process.env.FLEET_VIEWS ?? '[]') as Record<string, string>[];
const panel = process.env.FLEET_PANEL ?? 'market.by_region';
const measure = process.env.FLEET_MEASURE ?? 'postings';

/** One change seen by one socket: which socket, when, and the view's total after it. */
export interface Seen {
  sock: number;
  at: number;
  total: number;
}

let measuring = false;
const seen: Seen[] = [];
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
/** Each socket's total when measuring began: write k of the run is delivered once it reaches base + k. */
const totals: number[] = [];
const holding: Promise<void>[] = [];

for (let i = 0; i < clients; i++) {
  const n = offset + i;
  const view = n % views.length;
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(urls[n % urls.length]!, {
    transports: ['websocket'],
    forceNew: true,
    timeout: 60_000,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000
  });
  let held: PanelData | null = null;
  totals.push(-1);
  let first: (() => void) | null = null;
  holding.push(new Promise((resolve) => (first = resolve)));
  const got = (d: PanelData) => {
    held = d;
    const t = d.rows.reduce((a, r) => a + Number(r[measure] ?? 0), 0);
    if (t !== totals[i] && measuring) seen.push({ sock: i, at: Date.now(), total: t });
    totals[i] = t;
    first?.();
    first = null;
  };
  s.on('panel:data', got);
  s.on('panel:delta', (d) => {
    const next = receiveDelta(held, d);
    if (next === 'gap') s.emit('resync', { key: d.key });
    else if (next !== 'old') got(next);
  });
  s.on('connect', () => s.emit('subscribe', { panel: panel as never, filters: views[view] as never, deltas: true }, () => undefined));
  sockets.push(s);
  // 200 handshakes a second per process, as screens arriving rather than one burst.
  if (i % 50 === 49) await sleep(250);
}
let giveUp: NodeJS.Timeout | undefined;
await Promise.race([Promise.all(holding), new Promise((resolve) => (giveUp = setTimeout(resolve, 180_000)))]);
clearTimeout(giveUp);
process.send?.({ type: 'ready', connected: sockets.filter((s) => s.connected).length });

process.on('message', (m: { type: string }) => {
  if (m.type === 'start') {
    measuring = true;
    process.send?.({ type: 'bases', bases: [...totals] });
  }
  if (m.type === 'stop') {
    measuring = false;
    for (const s of sockets) s.close();
    process.send?.({ type: 'report', seen }, () => process.disconnect?.());
  }
});

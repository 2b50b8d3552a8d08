// Bytes per push, whole results against deltas: two socket clients watch the overview's panels
// and headline tiles (the views a browser on the overview subscribes to) on a production server
// streaming simulated data. One asks for deltas, as the browser does; the other takes every
// change whole, as before deltas. Each push is weighed as the socket.io packet text the server
// wrote (`2["event",payload]`). At the end the delta client's rows must equal the whole client's
// for every view both hold at the same seq: the bench checks what it measures.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PanelData, ServerToClientEvents } from '../src/lib/contract/socket';
import { DOMAINS, sectionPanels } from '../src/lib/shared/domains';
import { HEADLINES } from '../src/lib/shared/headlines';
import { isNewer, receiveDelta } from '../src/lib/shared/live-delta';
import { isMain, round, sleep, startServerProcess, startUpLoaded } from './lib';

const SECONDS = Number(process.env.BENCH_DELTA_SECONDS ?? 120);

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Tally {
  messages: number;
  bytes: number;
}
const tally = (): Tally => ({ messages: 0, bytes: 0 });
const add = (t: Tally, bytes: number) => {
  t.messages++;
  t.bytes += bytes;
};
const packetBytes = (event: string, payload: unknown) => Buffer.byteLength('2' + JSON.stringify([event, payload]));
const avg = (t: Tally) => (t.messages > 0 ? Math.round(t.bytes / t.messages) : 0);

/** The overview's views: every section's panels with their default view, and the headline tiles. */
function overviewViews(available: Set<string>) {
  const views = DOMAINS.flatMap((d) => sectionPanels(d)).map((panel) => ({ panel, filters: {} }));
  for (const h of HEADLINES) views.push({ panel: h.panel, filters: h.filters });
  return views.filter((v) => available.has(v.panel));
}

async function client(url: string): Promise<Client> {
  const c: Client = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('connect_error', reject);
  });
  return c;
}

export async function main() {
  const server = await startServerProcess({ SIMULATE: 'on' });
  const clients: Client[] = [];
  try {
    // Measure live streaming, not the history backfill (which rewrites whole windows at once).
    await startUpLoaded(server.url, { crawlRows: true });
    const { panels } = (await (await fetch(`${server.url}/api/panels`)).json()) as { panels: { id: string }[] };
    const views = overviewViews(new Set(panels.map((p) => p.id)));

    // The whole-result client: every push after the first of each key is "a full push".
    const whole = await client(server.url);
    const wholeHeld = new Map<string, PanelData>();
    const fullPush = tally();
    const fullByPanel = new Map<string, Tally>();
    whole.on('panel:data', (d) => {
      const bytes = packetBytes('panel:data', d);
      if (wholeHeld.has(d.key)) {
        add(fullPush, bytes);
        if (!fullByPanel.has(d.panel)) fullByPanel.set(d.panel, tally());
        add(fullByPanel.get(d.panel)!, bytes);
      }
      if (isNewer(d, wholeHeld.get(d.key) ?? null)) wholeHeld.set(d.key, d);
    });

    // The delta client: deltas, and whole results after the first (the server's fallback when a
    // delta would be no smaller, or a resync).
    const delta = await client(server.url);
    const deltaHeld = new Map<string, PanelData>();
    const deltaPush = tally();
    const fallback = tally();
    const deltaByPanel = new Map<string, Tally>();
    const fallbackByPanel = new Map<string, number>();
    let gaps = 0;
    delta.on('panel:data', (d) => {
      if (deltaHeld.has(d.key)) {
        add(fallback, packetBytes('panel:data', d));
        fallbackByPanel.set(d.panel, (fallbackByPanel.get(d.panel) ?? 0) + 1);
      }
      if (isNewer(d, deltaHeld.get(d.key) ?? null)) deltaHeld.set(d.key, d);
    });
    delta.on('panel:delta', (d) => {
      const bytes = packetBytes('panel:delta', d);
      add(deltaPush, bytes);
      if (!deltaByPanel.has(d.panel)) deltaByPanel.set(d.panel, tally());
      add(deltaByPanel.get(d.panel)!, bytes);
      const next = receiveDelta(deltaHeld.get(d.key) ?? null, d);
      if (next === 'gap') {
        gaps++;
        delta.emit('resync', { key: d.key });
      } else if (next !== 'old') deltaHeld.set(d.key, next);
    });

    for (const v of views) {
      await new Promise((r) => whole.emit('subscribe', { panel: v.panel, filters: v.filters }, r));
      await new Promise((r) => delta.emit('subscribe', { panel: v.panel, filters: v.filters, deltas: true }, r));
      // Subscribes are rate limited (20 a second per connection).
      await sleep(60);
    }
    clients.push(whole, delta);
    await sleep(SECONDS * 1000);

    let compared = 0;
    let mismatched = 0;
    for (const [key, w] of wholeHeld) {
      const d = deltaHeld.get(key);
      if (!d || d.seq !== w.seq) continue;
      compared++;
      if (JSON.stringify(d.rows) !== JSON.stringify(w.rows)) mismatched++;
    }
    const allDelta = { messages: deltaPush.messages + fallback.messages, bytes: deltaPush.bytes + fallback.bytes };
    const perPanel = [...fullByPanel].map(([panel, f]) => ({
      panel,
      full_pushes: f.messages,
      full_avg_bytes: avg(f),
      delta_pushes: deltaByPanel.get(panel)?.messages ?? 0,
      delta_avg_bytes: avg(deltaByPanel.get(panel) ?? tally()),
      fallback_snapshots: fallbackByPanel.get(panel) ?? 0
    }));
    return {
      bench: 'delta_bytes',
      seconds: SECONDS,
      views: views.length,
      full_pushes: fullPush.messages,
      full_avg_bytes: avg(fullPush),
      delta_pushes: deltaPush.messages,
      delta_avg_bytes: avg(deltaPush),
      fallback_snapshots: fallback.messages,
      fallback_avg_bytes: avg(fallback),
      delta_client_avg_bytes_per_push: avg(allDelta),
      bytes_ratio: fullPush.bytes > 0 ? round(allDelta.bytes / fullPush.bytes, 3) : null,
      gaps,
      views_compared: compared,
      views_mismatched: mismatched,
      per_panel: perPanel
    };
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r, null, 2)));
}

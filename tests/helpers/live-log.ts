// A socket.io client that keeps a log of the live results it receives, for the tests that check
// what each socket was sent: every message (its event and the keys it carried), every live packet
// as the text that arrived, how many results came (a batch's counted one by one), and the rows it
// holds after applying each push as the browser does (snapshots by version, deltas through
// live-delta.ts; a delta that does not apply fails the test).
import { io as connect, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type { PanelFilters } from '../../src/lib/contract/filters';
import type { ClientToServerEvents, LivePush, PanelData, ServerToClientEvents } from '../../src/lib/contract/socket';
import { isNewer, receiveDelta } from '../../src/lib/shared/live-delta';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveLog {
  c: Client;
  messages: { event: string; keys: string[] }[];
  /** The live-result packets as received (the socket.io packet text). */
  packets: string[];
  /** Results received, a batch's counted one by one. */
  results: number;
  held: Map<string, PanelData>;
}

/** Connects over WebSocket, asking for batches or not, and resolves once connected. */
export async function liveLog(url: string, batch: boolean): Promise<LiveLog> {
  const c: Client = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { batch } });
  const l: LiveLog = { c, messages: [], packets: [], results: 0, held: new Map() };
  c.io.on('open', () => {
    c.io.engine.on('packet', (p: { type: string; data?: unknown }) => {
      if (p.type === 'message' && typeof p.data === 'string' && p.data.startsWith('2["panel:')) l.packets.push(p.data);
    });
  });
  const apply = ([event, payload]: LivePush) => {
    l.results++;
    if (event === 'panel:data') {
      if (isNewer(payload, l.held.get(payload.key) ?? null)) l.held.set(payload.key, payload);
      return;
    }
    const next = receiveDelta(l.held.get(payload.key) ?? null, payload);
    if (next === 'gap' || next === 'old') throw new Error(`delta for ${payload.key} did not apply: ${next}`);
    l.held.set(payload.key, next);
  };
  c.on('panel:data', (d) => {
    l.messages.push({ event: 'panel:data', keys: [d.key] });
    apply(['panel:data', d]);
  });
  c.on('panel:delta', (d) => {
    l.messages.push({ event: 'panel:delta', keys: [d.key] });
    apply(['panel:delta', d]);
  });
  c.on('panel:batch', (pushes) => {
    l.messages.push({ event: 'panel:batch', keys: pushes.map((p) => p[1].key) });
    pushes.forEach(apply);
  });
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('connect_error', reject);
  });
  return l;
}

/** Subscribes with deltas and returns the view's key; a refusal fails the test. */
export async function subscribeLive(l: LiveLog, panel: string, filters: PanelFilters): Promise<string> {
  const ack = await new Promise<{ key?: string; error?: string }>((resolve) =>
    l.c.emit('subscribe', { panel: panel as never, filters, deltas: true }, resolve)
  );
  expect(ack.error).toBeUndefined();
  return ack.key!;
}

/** A round trip on the connection: everything the server sent before it has arrived. */
export async function roundTrip(l: LiveLog): Promise<void> {
  expect(await new Promise((resolve) => l.c.emit('unsubscribe', { key: 'not-a-key' }, resolve))).toEqual({
    error: 'not subscribed to that key'
  });
}

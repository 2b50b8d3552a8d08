import type { Socket } from 'socket.io';
import type { Metrics } from '../metrics/metrics';

/** How a live result's socket.io packet begins: its type (2, an event) and the event's name. */
const KINDS = [
  ['2["panel:data",', 'snapshot'],
  ['2["panel:delta",', 'delta']
] as const;

/**
 * Counts the live results written to one socket and their bytes, by kind, from the packets its
 * connection actually writes (engine.io's `packetCreate`), so every path counts: room pushes,
 * batched snapshots, resyncs. A room's push is one string shared by all its sockets, so its
 * byte length is measured once, not per socket.
 */
export function countLiveSends(socket: Socket, metrics: Metrics): void {
  socket.conn.on('packetCreate', (packet: { type?: string; data?: unknown }) => {
    if (packet.type !== 'message' || typeof packet.data !== 'string') return;
    const text = packet.data;
    const kind = KINDS.find(([prefix]) => text.startsWith(prefix))?.[1];
    if (!kind) return;
    metrics.liveSentMessages.inc({ kind });
    metrics.liveSentBytes.inc({ kind }, byteLength(text));
  });
}

let lastText = '';
let lastBytes = 0;
function byteLength(text: string): number {
  if (text !== lastText) {
    lastText = text;
    lastBytes = Buffer.byteLength(text);
  }
  return lastBytes;
}

import type { LivePush } from '../../src/lib/contract/socket';
import type { Metrics } from '../metrics/metrics';
import { countBroadcast, sized, type SizedPush } from './sent-metrics';

/** What the batcher needs of socket.io: who is in a room, and a broadcast to a list of sockets. */
export interface PushTarget {
  /** The sockets in a room (a socket's id is a room of its own). */
  members(room: string): ReadonlySet<string> | undefined;
  /** 'batch' when the socket asked for `panel:batch` in its handshake, null when it has left. */
  mode(id: string): 'batch' | 'single' | null;
  /** One message to every listed socket, encoded once for all of them. */
  send(ids: string[], event: 'panel:data' | 'panel:delta', payload: LivePush[1]): void;
  sendBatch(ids: string[], pushes: LivePush[]): void;
}

/**
 * Gathers the live results due to sockets and sends them together on `flush`: each socket gets
 * one message holding all of its results (`panel:batch`, when its handshake asked for it and it
 * has more than one), instead of one message, one write and one system call per result. Sockets
 * due the same results share one broadcast, which socket.io encodes once for all of them, so a
 * thousand screens on the same views still cost one encoding per distinct set of results.
 */
export class PushBatcher {
  private pending: LivePush[] = [];
  /** Per socket, the results due to it (indexes into `pending`) in the order they came. */
  private due = new Map<string, number[]>();

  constructor(
    private readonly target: PushTarget,
    private readonly metrics: Metrics
  ) {}

  /**
   * A result for the sockets in `to` (rooms: keys, delta rooms, socket ids) but not in `except`,
   * as they are now: a socket joining a room later is not due this result.
   */
  add(push: LivePush, to: readonly string[], except: readonly string[] = []): void {
    const i = this.pending.push(push) - 1;
    const skip = except.length > 0 ? new Set(except) : null;
    for (const room of to) {
      for (const id of this.target.members(room) ?? []) {
        if (skip?.has(id)) continue;
        const list = this.due.get(id);
        if (!list) this.due.set(id, [i]);
        // A socket in two of the rooms gets the result once.
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
  }

  /** Sends what is due; false when nothing was. */
  flush(): boolean {
    const pending = this.pending;
    const due = this.due;
    if (pending.length === 0) return false;
    this.pending = [];
    this.due = new Map();
    // Sockets with the same results (or one result, or no batches) share a broadcast.
    const single: string[][] = pending.map(() => []);
    const batches = new Map<string, { items: number[]; ids: string[] }>();
    for (const [id, items] of due) {
      const mode = this.target.mode(id);
      // Left since: nothing is written to it, and nothing counted.
      if (mode === null) continue;
      if (items.length === 1 || mode === 'single') {
        for (const i of items) (single[i] as string[]).push(id);
        continue;
      }
      const sig = items.join(',');
      const group = batches.get(sig);
      if (group) group.ids.push(id);
      else batches.set(sig, { items, ids: [id] });
    }
    const sizes: (SizedPush | undefined)[] = [];
    const sizeOf = (i: number): SizedPush => (sizes[i] ??= sized(pending[i] as LivePush));
    // A socket without batches gets its results one by one, in order: these go first, by index.
    single.forEach((ids, i) => {
      if (ids.length === 0) return;
      const [event, payload] = pending[i] as LivePush;
      this.target.send(ids, event, payload);
      countBroadcast(this.metrics, [sizeOf(i)], ids.length);
    });
    for (const { items, ids } of batches.values()) {
      this.target.sendBatch(
        ids,
        items.map((i) => pending[i] as LivePush)
      );
      countBroadcast(this.metrics, items.map(sizeOf), ids.length);
    }
    return true;
  }
}

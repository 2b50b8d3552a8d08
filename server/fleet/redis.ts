import { Redis, type RedisOptions } from 'ioredis';

/** The three connections a fleet member keeps to Redis, and whether all of them answer. */
export interface FleetRedis {
  /** Leases and stored results. Fails at once while disconnected (no queue): a caller falls back to running alone. */
  cmd: Redis;
  /** The socket.io adapter's publisher. Queues while reconnecting; the fleet sends nothing through it while down. */
  pub: Redis;
  /** The socket.io adapter's subscriber; resubscribes by itself after a reconnect. */
  sub: Redis;
  up(): boolean;
  /** Called with true when all three are ready again, false when one is lost. */
  onChange(fn: (up: boolean) => void): void;
  close(): Promise<void>;
}

/**
 * Opens the connections and resolves once they are ready, or after `waitMs` if Redis does not
 * answer: a server starts and serves alone (degraded) rather than wait on Redis, and joins the
 * fleet when Redis comes. Reconnection is ioredis's: every 0.2 s, backing off to 2 s.
 */
export async function openFleetRedis(url: string, name: string, waitMs: number, onError: (e: Error) => void): Promise<FleetRedis> {
  const base: RedisOptions = {
    connectionName: name.replace(/[^A-Za-z0-9_.:-]/g, '_'),
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    // A Redis that accepts the connection but stops answering must not hold up a refresh pass.
    commandTimeout: 2_000
  };
  const cmd = new Redis(url, { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  // No command gives up while reconnecting: the adapter's subscriptions and publishes are not
  // awaited by it, so a rejection there would surface as an unhandled one.
  const pub = new Redis(url, { ...base, commandTimeout: undefined, maxRetriesPerRequest: null });
  const sub = new Redis(url, { ...base, commandTimeout: undefined, maxRetriesPerRequest: null });
  const all = [cmd, pub, sub];
  const listeners: ((up: boolean) => void)[] = [];
  // The subscriber counts as up only once Redis has confirmed its subscriptions: ioredis reports
  // 'ready' and only then sends the SUBSCRIBEs it restores after a reconnect, so a server that
  // announced itself back at 'ready' could miss a notice a peer sent at once. One more SUBSCRIBE
  // (to a channel of its own, on which nothing is published), sent after ioredis's own, is
  // answered after them: its answer means every channel is back.
  let subscribed = false;
  const up = () => subscribed && all.every((c) => c.status === 'ready');
  let was = false;
  const check = () => {
    const now = up();
    if (now === was) return;
    was = now;
    for (const fn of listeners) fn(now);
  };
  sub.on('ready', () => {
    subscribed = false;
    // A microtask: ioredis sends its restored SUBSCRIBEs after the 'ready' listeners return.
    void Promise.resolve()
      .then(() => sub.subscribe(`${name}:joined`))
      .then(
        () => {
          subscribed = true;
          check();
        },
        // Lost again before the answer: the next 'ready' tries again.
        () => undefined
      );
  });
  for (const c of all) {
    c.on('error', onError);
    c.on('ready', check);
    c.on('close', check);
    c.on('end', check);
  }
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, waitMs);
    t.unref();
    const ready = (now: boolean) => {
      if (!now) return;
      clearTimeout(t);
      resolve();
    };
    listeners.push(ready);
    ready(up());
  });
  listeners.length = 0;
  was = up();
  return {
    cmd,
    pub,
    sub,
    up,
    onChange: (fn) => void listeners.push(fn),
    async close() {
      // quit waits for Redis to answer; a Redis that is gone gets a plain disconnect.
      await Promise.all(all.map((c) => (c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect())));
    }
  };
}

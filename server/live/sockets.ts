import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  HandshakeAuth,
  InterServerEvents,
  Refusal,
  ServerToClientEvents,
  SocketData,
  SubscribeAck
} from '../../src/lib/contract/socket';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/metrics';
import { ViewError } from '../panels/view';
import { realTimers, type Timers } from '../lib/clock';
import { tokenMatches } from '../lib/auth';
import { clientAddress, type ProxyTrust } from '../lib/client-address';
import { trace } from '../lib/trace';
import type { Hub } from './hub';
import { FlushPacer } from './flush-pacer';
import { PushBatcher } from './push-batch';
import { ioPushTarget } from './push-target';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketLimits {
  /** Distinct subscriptions one socket may hold. @default 64 */
  maxSubscriptions: number;
  /** Messages a socket may send per second, sustained. @default 20 */
  messagesPerSecond: number;
  /**
   * Messages a socket may send at once. A page that changes its view swaps every subscription it
   * holds in one go, an unsubscribe and a subscribe each: 128 messages at the 64 allowed, with
   * room left for resyncs. @default 160
   */
  messageBurst: number;
  /** Largest message a client may send, bytes. @default 16384 */
  maxMessageBytes: number;
  /**
   * Distinct subscriptions all connections from one address may hold together: each distinct
   * key is a query per refresh, so this bounds what one machine can make the server run.
   * @default 256
   */
  maxKeysPerAddress: number;
  /** Connections from one address (a wall of screens behind one NAT fits). @default 2000 */
  maxConnectionsPerAddress: number;
  /** Connections in all. @default 20000 */
  maxConnections: number;
}

const DEFAULT_LIMITS: SocketLimits = {
  maxSubscriptions: 64,
  messagesPerSecond: 20,
  messageBurst: 160,
  maxMessageBytes: 16_384,
  maxKeysPerAddress: 256,
  maxConnectionsPerAddress: 2_000,
  maxConnections: 20_000
};

/** The room of a key's subscribers that take deltas; the key itself names the room of the rest. */
function deltaRoom(key: string): string {
  return `deltas ${key}`;
}

/**
 * socket.io on the server's own HTTP server: the handshake checks READ_TOKEN when it is set,
 * each socket's subscriptions are limited in number and rate, and the hub's results go to the
 * rooms of the subscription key.
 *
 * Every live result goes through a PushBatcher (push-batch.ts) and out (push-target.ts) by
 * `io.local.to(socket ids).emit`: socket.io's in-memory adapter encodes a broadcast once (and
 * frames it for the websocket once) for all the sockets it reaches, where `socket.emit` would
 * encode it again for each. The results of one refresh pass are held until the pass ends (or
 * until the first held has waited `passHoldMs`, longer when flushes are dear: flush-pacer.ts),
 * then each socket gets all of its results held in
 * one message (`panel:batch`, for sockets whose handshake asked for it), and sockets due the same
 * results share one broadcast. A first result for a
 * viewer waiting for one, whole results for single sockets (a subscribe answered from the cache,
 * a resync) and results from outside a pass go out at the end of the current turn of the event
 * loop, with whatever else is due by then.
 */
export function attachSockets(
  http: HttpServer,
  hub: Hub,
  opts: {
    readToken: string | undefined;
    /**
     * Proxies whose X-Forwarded-For names a socket's client (TRUST_PROXY): the per-address caps
     * and the hub's fairness then count clients, not the load balancer. Null: the TCP peer.
     */
    trust?: ProxyTrust | null;
    log: Logger;
    metrics: Metrics;
    limits?: Partial<SocketLimits>;
    statusEveryMs?: number;
    /**
     * In a fleet: the per-address connection cap counted across every server (server/fleet);
     * without it the cap counts this server's connections only.
     */
    addressCap?: { admit(address: string, cap: number): Promise<boolean>; leave(address: string): void };
    /** socket.io's adapter: its Redis adapter in a fleet, else its in-memory one. */
    adapter?: ServerOptions['adapter'];
    /**
     * The longest a changed result waits in a refresh pass for the pass's other results before
     * the results held so far go out. On the embedded engine a pass's queries run one after
     * another, so holding every result for the pass's end made each view as late as the slowest
     * pass (nine default views, about 200 ms); with this, a result waits at most this long plus
     * the query that ends the wait, and a socket gets at most one message per this long in a pass.
     * The hold grows to twice the last flush's cost when that is more (FlushPacer), so thousands
     * of sockets get a slow pass in one message, not one per 50 ms.
     * @default 50
     */
    passHoldMs?: number;
    /** Clock of the rate limits, the pass hold and the status heartbeat; tests drive them by hand. */
    now?: () => number;
    timers?: Timers;
  }
): { io: IoServer; close(): Promise<void> } {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const io: IoServer = new Server(http, {
    transports: ['websocket'],
    maxHttpBufferSize: limits.maxMessageBytes,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    ...(opts.adapter ? { adapter: opts.adapter } : {})
  });
  // Every result goes to this server's own sockets only (`io.local`): in a fleet each server
  // pushes to its own from the results it runs or receives, so a broadcast through the Redis
  // adapter would reach the other servers' sockets twice.
  const local = io.local;

  io.use((socket, next) => {
    if (!opts.readToken) return next();
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string' && tokenMatches(token, opts.readToken)) return next();
    const err = new Error('unauthorized: this server needs a read token') as Error & { data?: unknown };
    err.data = { code: 'unauthorized' };
    next(err);
  });

  // Per address: open connections, and each distinct key with how many of its sockets hold it.
  const perAddress = new Map<string, { connections: number; keys: Map<string, number> }>();
  let connections = 0;
  // Read once per socket, at its handshake: the headers and the peer do not change after it.
  const addresses = new WeakMap<IoSocket, string>();
  const addressOf = (socket: IoSocket) => {
    let a = addresses.get(socket);
    if (a === undefined) {
      a = clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], opts.trust ?? null) || 'unknown';
      addresses.set(socket, a);
    }
    return a;
  };

  // After the token check, so a stranger learns nothing about load. Counted here rather than
  // on 'connection' so that a burst of handshakes cannot all pass before any is counted.
  io.use((socket, next) => {
    const a = perAddress.get(addressOf(socket));
    const refuse = (message: string) => {
      const err = new Error(message) as Error & { data?: unknown };
      err.data = { code: 'limit' };
      next(err);
    };
    if (connections >= limits.maxConnections) return refuse('limit: the server has all the connections it takes; retry later');
    if ((a?.connections ?? 0) >= limits.maxConnectionsPerAddress) {
      return refuse(`limit: at most ${limits.maxConnectionsPerAddress} connections from one address`);
    }
    connections++;
    if (a) a.connections++;
    else perAddress.set(addressOf(socket), { connections: 1, keys: new Map() });
    const cap = opts.addressCap;
    if (!cap) return next();
    void cap.admit(addressOf(socket), limits.maxConnectionsPerAddress).then((ok) => {
      if (ok) return next();
      connections--;
      const mine = perAddress.get(addressOf(socket));
      if (mine && --mine.connections === 0) perAddress.delete(addressOf(socket));
      refuse(`limit: at most ${limits.maxConnectionsPerAddress} connections from one address, across all servers`);
    });
  });

  const holdKey = (socket: IoSocket, key: string): boolean => {
    const keys = perAddress.get(addressOf(socket))?.keys;
    if (!keys) return false;
    const n = keys.get(key) ?? 0;
    if (n === 0 && keys.size >= limits.maxKeysPerAddress) return false;
    keys.set(key, n + 1);
    return true;
  };
  const dropKey = (socket: IoSocket, key: string) => {
    const keys = perAddress.get(addressOf(socket))?.keys;
    const n = keys?.get(key) ?? 0;
    if (n <= 1) keys?.delete(key);
    else keys?.set(key, n - 1);
  };

  // Every live result goes through the batcher: a socket gets all of a pass's results in one
  // message (when its handshake asked for batches), and sockets due the same ones share a broadcast.
  const batcher = new PushBatcher(ioPushTarget(io), opts.metrics);

  // Sockets owed the whole current result of a key (a subscribe answered from the cache, a
  // resync): sent with the other results at the end of this turn of the event loop.
  const owed = new Map<string, Set<string>>();
  let flushing: NodeJS.Immediate | null = null;
  // The timer that ends the wait of the pass's first result held (see passHoldMs).
  let holding: (() => void) | null = null;
  const timers = opts.timers ?? realTimers;
  // Flushes are timed by the live layer's clock: a test's manual one sees them take no time.
  const pacer = new FlushPacer(opts.passHoldMs ?? 50, 2, opts.now ?? Date.now);
  const flushSoon = () => {
    flushing ??= setImmediate(flush);
  };
  const owe = (key: string, id: string) => {
    let ids = owed.get(key);
    if (!ids) owed.set(key, (ids = new Set()));
    ids.add(id);
    flushSoon();
  };
  const takeOwed = (key: string): string[] => {
    const ids = owed.get(key);
    owed.delete(key);
    return ids ? [...ids] : [];
  };
  function flush() {
    if (flushing) clearImmediate(flushing);
    flushing = null;
    holding?.();
    holding = null;
    trace('flush.start');
    for (const key of [...owed.keys()]) {
      let data = null;
      const to: string[] = [];
      for (const id of takeOwed(key)) {
        // Null when the socket left meanwhile, or waits for a first result that is on its way.
        const d = hub.current(key, id);
        if (d) {
          data = d;
          to.push(id);
        }
      }
      if (data) batcher.add(['panel:data', data], to);
    }
    pacer.time(() => batcher.flush());
    trace('flush.end');
  }

  hub.onData((d, only, change) => {
    // Sockets owed this key's result get this one, the newest, instead.
    const owedNow = takeOwed(d.key);
    if (only) batcher.add(['panel:data', d], [...only, ...owedNow]);
    else {
      const whole = [...(change?.waiting ?? []), ...owedNow];
      if (change?.delta) {
        batcher.add(['panel:data', d], [d.key, ...whole]);
        batcher.add(['panel:delta', change.delta], [deltaRoom(d.key)], whole);
      } else {
        batcher.add(['panel:data', d], [d.key, deltaRoom(d.key)]);
      }
    }
    // A pass's results go out together when it ends. A first result for a viewer waiting for one
    // is not held for the rest of the pass, nor is one from outside a pass (a fleet peer's): they
    // go at the end of this turn, with whatever else is due by then.
    const first = only !== undefined || (change?.waiting.length ?? 0) > 0;
    if (first || !hub.inPass()) flushSoon();
    // Held for the pass's end, or until the first result held has waited the hold (passHoldMs,
    // or twice the last flush's cost): then the results held so far go at once (the timer fires
    // while the pass waits for its next query).
    else
      holding ??= timers.after(pacer.holdMs(), () => {
        holding = null;
        flush();
      });
  });
  hub.onPassEnd(flush);

  io.on('connection', (socket: IoSocket) => {
    opts.metrics.socketClients.inc();
    socket.data.subscriptions = new Set();
    socket.data.batch = (socket.handshake.auth as HandshakeAuth | undefined)?.batch === true;
    const wait = rateLimiter(limits.messagesPerSecond, limits.messageBurst, opts.now ?? Date.now);
    // A refusal says when to try again, so a client can retry instead of giving the view up.
    const limited = (ms: number): Refusal => ({ error: 'rate limit: too many messages, slow down', retry_after_ms: ms });
    socket.emit('status', hub.status());

    socket.on('subscribe', (req, ack) => {
      if (typeof ack !== 'function') return;
      const reply = (r: SubscribeAck) => ack(r);
      const ms = wait();
      if (ms > 0) return reply(limited(ms));
      if (typeof req !== 'object' || req === null || typeof (req as { panel?: unknown }).panel !== 'string') {
        return reply({ error: 'subscribe takes {panel: string, filters?: object, deltas?: boolean}' });
      }
      const deltas = (req as { deltas?: unknown }).deltas ?? false;
      if (typeof deltas !== 'boolean') return reply({ error: 'subscribe: deltas must be true or false' });
      if (socket.data.subscriptions.size >= limits.maxSubscriptions) {
        return reply({ error: `limit: at most ${limits.maxSubscriptions} subscriptions per connection` });
      }
      try {
        const { key, cached } = hub.subscribe(req.panel, req.filters ?? {}, socket.id, addressOf(socket));
        if (!socket.data.subscriptions.has(key) && !holdKey(socket, key)) {
          hub.unsubscribe(key, socket.id);
          return reply({ error: `limit: at most ${limits.maxKeysPerAddress} distinct subscriptions from one address` });
        }
        socket.data.subscriptions.add(key);
        // Subscribing again to a key one holds may switch between deltas and whole results.
        void socket.leave(deltas ? key : deltaRoom(key));
        void socket.join(deltas ? deltaRoom(key) : key);
        reply({ key });
        if (cached) owe(key, socket.id);
      } catch (e) {
        if (e instanceof ViewError) return reply({ error: e.message });
        opts.log.error('subscribe failed', { error: (e as Error).message });
        reply({ error: 'internal error' });
      }
    });

    socket.on('unsubscribe', (req, ack) => {
      const ms = wait();
      if (ms > 0) return ack?.(limited(ms));
      const key = typeof req === 'object' && req !== null ? (req as { key?: unknown }).key : undefined;
      if (typeof key !== 'string' || !socket.data.subscriptions.has(key)) return ack?.({ error: 'not subscribed to that key' });
      socket.data.subscriptions.delete(key);
      void socket.leave(key);
      void socket.leave(deltaRoom(key));
      hub.unsubscribe(key, socket.id);
      dropKey(socket, key);
      ack?.({ ok: true });
    });

    socket.on('resync', (req, ack) => {
      const ms = wait();
      if (ms > 0) return ack?.(limited(ms));
      const key = typeof req === 'object' && req !== null ? (req as { key?: unknown }).key : undefined;
      if (typeof key !== 'string' || !socket.data.subscriptions.has(key)) return ack?.({ error: 'not subscribed to that key' });
      owe(key, socket.id);
      ack?.({ ok: true });
    });

    socket.on('disconnect', () => {
      opts.metrics.socketClients.dec();
      for (const key of socket.data.subscriptions) {
        hub.unsubscribe(key, socket.id);
        dropKey(socket, key);
      }
      socket.data.subscriptions.clear();
      connections--;
      opts.addressCap?.leave(addressOf(socket));
      const a = perAddress.get(addressOf(socket));
      if (a && --a.connections === 0) perAddress.delete(addressOf(socket));
    });
  });

  // Sent every few seconds even when unchanged: it doubles as the heartbeat a wall display
  // uses to tell "no news" from "no connection".
  const stopStatus = timers.every(opts.statusEveryMs ?? 5_000, () => local.emit('status', hub.status()));

  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        stopStatus();
        if (flushing) clearImmediate(flushing);
        holding?.();
        holding = null;
        owed.clear();
        void io.close(() => resolve());
      })
  };
}

/**
 * Token bucket: `rate` messages a second sustained, bursts up to `burst`. Each call takes a
 * token and returns 0, or, when none is left, the whole milliseconds until one is.
 */
function rateLimiter(rate: number, burst: number, clock: () => number): () => number {
  let tokens = burst;
  let at = clock();
  return () => {
    const now = clock();
    tokens = Math.min(burst, tokens + ((now - at) / 1000) * rate);
    at = now;
    if (tokens < 1) return Math.ceil(((1 - tokens) * 1000) / rate);
    tokens -= 1;
    return 0;
  };
}

import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
  SubscribeAck
} from '../../src/lib/contract/socket';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/metrics';
import { ViewError } from '../panels/view';
import { realTimers, type Timers } from '../lib/clock';
import { tokenMatches } from '../lib/auth';
import type { Hub } from './hub';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketLimits {
  /** Distinct subscriptions one socket may hold. @default 64 */
  maxSubscriptions: number;
  /** Messages a socket may send per second, sustained (burst of twice that). @default 20 */
  messagesPerSecond: number;
  /** Largest message a client may send, bytes. @default 16384 */
  maxMessageBytes: number;
}

const DEFAULT_LIMITS: SocketLimits = { maxSubscriptions: 64, messagesPerSecond: 20, maxMessageBytes: 16_384 };

/**
 * socket.io on the server's own HTTP server: the handshake checks READ_TOKEN when it is set,
 * each socket's subscriptions are limited in number and rate, and the hub's results go to the
 * room named by the subscription key, so one result is serialised once for all its viewers.
 */
export function attachSockets(
  http: HttpServer,
  hub: Hub,
  opts: {
    readToken: string | undefined;
    log: Logger;
    metrics: Metrics;
    limits?: Partial<SocketLimits>;
    statusEveryMs?: number;
    /** Clock of the rate limits and timers of the status heartbeat; tests drive both by hand. */
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
    pingTimeout: 8_000
  });

  io.use((socket, next) => {
    if (!opts.readToken) return next();
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string' && tokenMatches(token, opts.readToken)) return next();
    const err = new Error('unauthorized: this server needs a read token') as Error & { data?: unknown };
    err.data = { code: 'unauthorized' };
    next(err);
  });

  hub.onData((d, only) => {
    if (only) for (const id of only) io.to(id).emit('panel:data', d);
    else io.to(d.key).emit('panel:data', d);
  });

  io.on('connection', (socket: IoSocket) => {
    opts.metrics.socketClients.inc();
    socket.data.subscriptions = new Set();
    const allow = rateLimiter(limits.messagesPerSecond, opts.now ?? Date.now);
    socket.emit('status', hub.status());

    socket.on('subscribe', (req, ack) => {
      if (typeof ack !== 'function') return;
      const reply = (r: SubscribeAck) => ack(r);
      if (!allow()) return reply({ error: 'rate limit: too many messages, slow down' });
      if (typeof req !== 'object' || req === null || typeof (req as { panel?: unknown }).panel !== 'string') {
        return reply({ error: 'subscribe takes {panel: string, filters?: object}' });
      }
      if (socket.data.subscriptions.size >= limits.maxSubscriptions) {
        return reply({ error: `limit: at most ${limits.maxSubscriptions} subscriptions per connection` });
      }
      try {
        const { key, cached } = hub.subscribe(req.panel, req.filters ?? {}, socket.id);
        socket.data.subscriptions.add(key);
        void socket.join(key);
        reply({ key });
        if (cached) socket.emit('panel:data', cached);
      } catch (e) {
        if (e instanceof ViewError) return reply({ error: e.message });
        opts.log.error('subscribe failed', { error: (e as Error).message });
        reply({ error: 'internal error' });
      }
    });

    socket.on('unsubscribe', (req, ack) => {
      if (!allow()) return ack?.({ error: 'rate limit: too many messages, slow down' });
      const key = typeof req === 'object' && req !== null ? (req as { key?: unknown }).key : undefined;
      if (typeof key !== 'string' || !socket.data.subscriptions.has(key)) return ack?.({ error: 'not subscribed to that key' });
      socket.data.subscriptions.delete(key);
      void socket.leave(key);
      hub.unsubscribe(key, socket.id);
      ack?.({ ok: true });
    });

    socket.on('disconnect', () => {
      opts.metrics.socketClients.dec();
      for (const key of socket.data.subscriptions) hub.unsubscribe(key, socket.id);
      socket.data.subscriptions.clear();
    });
  });

  // Sent every few seconds even when unchanged: it doubles as the heartbeat a wall display
  // uses to tell "no news" from "no connection".
  const stopStatus = (opts.timers ?? realTimers).every(opts.statusEveryMs ?? 5_000, () => io.emit('status', hub.status()));

  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        stopStatus();
        void io.close(() => resolve());
      })
  };
}

/** Token bucket: `rate` messages a second sustained, bursts up to twice that. */
function rateLimiter(rate: number, clock: () => number): () => boolean {
  let tokens = rate * 2;
  let at = clock();
  return () => {
    const now = clock();
    tokens = Math.min(rate * 2, tokens + ((now - at) / 1000) * rate);
    at = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

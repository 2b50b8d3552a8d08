import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Registry } from 'prom-client';
import type { FleetHealth } from '../../src/lib/contract/api';
import type { SharedResult } from '../../src/lib/contract/socket';
import { DATA_CHANGES, type DataChange } from '../../src/lib/contract/streams';
import { realTimers, type Timers } from '../lib/clock';
import { trace } from '../lib/trace';
import type { FleetLink } from '../live/fleet-link';
import type { Hub } from '../live/hub';
import type { IoServer } from '../live/sockets';
import type { Logger } from '../log';
import { AddressCap } from './address-cap';
import { leases } from './leases';
import { createFleetMetrics, type FleetMetrics } from './metrics';
import { openFleetRedis, type FleetRedis } from './redis';

export interface FleetOptions {
  /** REDIS_URL. */
  url: string;
  log: Logger;
  /** The server's metrics registry: the fleet's counters join it. */
  registry: Registry;
  /** How long a view's lease lasts unrenewed: how soon a dead server's views pass to another. @default 5000 */
  leaseMs?: number;
  /** Prefix of every Redis key and channel, so several fleets can share one Redis. @default 'pdo' */
  prefix?: string;
  /** How long a start waits for Redis before serving alone. @default 3000 */
  connectWaitMs?: number;
  /** The hub's clock and timers (lease expiry, renewal), injected by tests. */
  now?: () => number;
  timers?: Timers;
}

/**
 * This server's membership of a fleet: several servers behind a load balancer sharing one
 * ClickHouse and one Redis.
 *
 * - Change notices and results travel between servers as socket.io server-side events through
 *   socket.io's Redis adapter (pub/sub): a write on one server marks its views due on all.
 * - Each view has a lease in Redis (server/fleet/leases.ts): its holder runs the view's query
 *   and shares the result; the others push it to their own sockets. A lease lapses `leaseMs`
 *   after its holder stops renewing it (it died, or lost Redis), and the next server due to
 *   refresh the view takes it.
 * - Changed results are also stored in Redis, so a server whose first viewer of a view arrives
 *   between two changes has rows to show at once.
 * - Annotation writes are announced by id; peers read those ids again from the shared store
 *   (server/annotations/peers.ts) and send their own screens the change.
 *
 * When Redis does not answer, every call falls back to this server alone: it runs every view
 * it serves, as a single server does, and says so in /api/health until Redis answers again.
 */
export class Fleet implements FleetLink {
  readonly server = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  /** The leases this server holds, each with the expiry it last wrote (the hub's clock). */
  private readonly held = new Map<string, number>();
  /**
   * Keys whose lease a peer holds, each with the time its lease lasts at the least, from the
   * peer's last result: until then no other server can take it, so a claim needs no Redis.
   */
  private readonly peerHeld = new Map<string, number>();
  private hub: Hub | null = null;
  private io: IoServer | null = null;
  private stopRenew: (() => void) | null = null;
  readonly leaseMs: number;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly metrics: FleetMetrics;
  /** The per-address connection cap, counted across the fleet (server/live/sockets.ts asks it). */
  readonly addresses: AddressCap;
  /** Who hears peers' annotation notices (the app: it reads the ids again and updates its feed). */
  private readonly annotationListeners: ((ids: string[] | 'all') => void)[] = [];
  /** Annotation ids written before socket.io was attached (curated events at start): sent at `bind`. */
  private pendingAnnotations = new Set<string>();

  private constructor(
    private readonly redis: FleetRedis,
    private readonly opts: FleetOptions
  ) {
    this.leaseMs = opts.leaseMs ?? 5_000;
    this.prefix = opts.prefix ?? 'pdo';
    this.now = opts.now ?? Date.now;
    this.metrics = createFleetMetrics(opts.registry);
    this.metrics.redisUp.set(redis.up() ? 1 : 0);
    // A server whose heartbeat is a lease old counts as gone: its connections stop counting.
    this.addresses = new AddressCap(redis.cmd, {
      prefix: this.prefix,
      server: this.server,
      staleMs: this.leaseMs,
      now: this.now,
      up: () => redis.up(),
      failed: (what, e) => this.failed(what, e)
    });
    if (redis.up()) this.addresses.beat().catch((e: unknown) => this.failed('heartbeat', e));
    redis.onChange((up) => this.redisChanged(up));
    // Renewed three times per lease, so one late renewal does not lose a live holder its views.
    this.stopRenew = (opts.timers ?? realTimers).every(Math.max(1, Math.floor(this.leaseMs / 3)), () => void this.renew());
  }

  static async open(opts: FleetOptions): Promise<Fleet> {
    let lastError = '';
    const redis = await openFleetRedis(opts.url, `pdo-${hostname()}-${process.pid}`, opts.connectWaitMs ?? 3_000, (e) => {
      // ioredis reports each failed reconnect; one line per distinct error is enough.
      if (e.message === lastError) return;
      lastError = e.message;
      opts.log.warn('redis error', { error: e.message });
    });
    if (!redis.up()) opts.log.warn('redis unavailable at start: serving alone until it answers', { url: redactUrl(opts.url) });
    return new Fleet(redis, opts);
  }

  /** socket.io's Redis adapter over this fleet's connections, for the socket.io server. */
  adapter(): ReturnType<typeof createAdapter> {
    return createAdapter(this.redis.pub, this.redis.sub, { key: `${this.prefix}-io` });
  }

  /** Starts hearing peers: their change notices mark `hub`'s views due, their results reach its sockets. */
  bind(io: IoServer, hub: Hub): void {
    this.io = io;
    this.hub = hub;
    io.on('fleet:dirty', (change) => {
      if (!(DATA_CHANGES as readonly unknown[]).includes(change)) return;
      trace('notice.recv', change);
      this.metrics.notices.inc({ direction: 'received', kind: 'rows' });
      this.hub?.markDirty(change, 'peer');
    });
    io.on('fleet:annotations', (ids) => {
      // A peer is trusted as far as Redis is, but a malformed notice is dropped, not thrown on.
      if (
        ids !== 'all' &&
        !(Array.isArray(ids) && ids.length <= MAX_NOTICE_IDS && ids.every((id) => typeof id === 'string' && id.length <= 128))
      )
        return;
      this.metrics.notices.inc({ direction: 'received', kind: 'annotations' });
      for (const fn of this.annotationListeners) fn(ids);
    });
    if (this.pendingAnnotations.size > 0) {
      const ids = [...this.pendingAnnotations];
      this.pendingAnnotations.clear();
      this.annotationsChanged(ids);
    }
    io.on('fleet:released', (keys) => {
      if (!Array.isArray(keys)) return;
      for (const k of keys) if (typeof k === 'string') this.peerHeld.delete(k);
    });
    io.on('fleet:result', (r) => {
      if (typeof r !== 'object' || r === null || typeof r.key !== 'string' || typeof r.checked_at !== 'number') return;
      trace('result.recv', r.key);
      if (typeof r.lease_until === 'number' && !this.held.has(r.key)) this.peerHeld.set(r.key, r.lease_until);
      this.metrics.resultsReceived.inc({ form: r.rows ? 'rows' : 'unchanged' });
      this.hub?.receive(r);
    });
  }

  async claim(keys: readonly string[], now: number): Promise<ReadonlySet<string>> {
    if (!this.redis.up()) return this.alone(keys);
    // Where the lease is known, no round trip to Redis: a lease this server wrote with over half
    // its time left is still its own (no peer takes one before it lapses, and renewal keeps it
    // there), and one a peer's last result says it holds for a while yet is the peer's. Only the
    // rest are asked, so in a steady fleet a write's pass starts its queries at once.
    const mine = new Set(keys.filter((k) => (this.held.get(k) ?? 0) - now > this.leaseMs / 2));
    const peers = keys.filter((k) => !mine.has(k) && (this.peerHeld.get(k) ?? 0) > now);
    const ask = keys.filter((k) => !mine.has(k) && !peers.includes(k));
    try {
      if (ask.length > 0) {
        trace('claim.start', ask.length);
        this.metrics.leaseCalls.inc({ mode: 'take' });
        const got = await leases(this.redis.cmd, this.prefix, ask, { server: this.server, now, ttlMs: this.leaseMs, mode: 'take' });
        trace('claim.end', got.filter(Boolean).length);
        ask.forEach((k, i) => {
          if (got[i]) {
            mine.add(k);
            this.held.set(k, now + this.leaseMs);
            this.peerHeld.delete(k);
          } else this.held.delete(k);
        });
      }
      this.metrics.claims.inc({ outcome: 'mine' }, mine.size);
      this.metrics.claims.inc({ outcome: 'peer' }, keys.length - mine.size);
      this.metrics.leasesHeld.set(this.held.size);
      return mine;
    } catch (e) {
      this.failed('claim', e);
      return this.alone(keys);
    }
  }

  share(r: SharedResult): void {
    if (!this.io || !this.redis.up()) return;
    this.metrics.resultsShared.inc({ form: r.rows ? 'rows' : 'unchanged' });
    const until = this.held.get(r.key);
    this.io.serverSideEmit('fleet:result', until === undefined ? r : { ...r, lease_until: until });
    trace('result.sent', r.key);
    if (r.rows) {
      // Kept as long as a view stays idle in a hub's cache: a newcomer after that runs the query.
      this.redis.cmd.set(this.resultKey(r.key), JSON.stringify(r), 'PX', 10 * 60_000).catch((e: unknown) => this.failed('store result', e));
    }
  }

  async latest(key: string): Promise<SharedResult | null> {
    if (!this.redis.up()) return null;
    try {
      const text = await this.redis.cmd.get(this.resultKey(key));
      if (text === null) return null;
      this.metrics.resultsReceived.inc({ form: 'stored' });
      return JSON.parse(text) as SharedResult;
    } catch (e) {
      this.failed('read result', e);
      return null;
    }
  }

  dirtied(change: DataChange): void {
    if (!this.io || !this.redis.up()) return;
    this.metrics.notices.inc({ direction: 'sent', kind: 'rows' });
    this.io.serverSideEmit('fleet:dirty', change);
  }

  /**
   * Annotations were written here (created, edited, deleted): peers read them again from the
   * shared store, so their screens get the change as this server's do. A batch larger than a
   * notice carries asks peers to read every annotation.
   */
  annotationsChanged(ids: readonly string[]): void {
    if (ids.length === 0) return;
    if (!this.io) {
      for (const id of ids) this.pendingAnnotations.add(id);
      return;
    }
    if (!this.redis.up()) return;
    this.metrics.notices.inc({ direction: 'sent', kind: 'annotations' });
    this.io.serverSideEmit('fleet:annotations', ids.length > MAX_NOTICE_IDS ? 'all' : [...new Set(ids)]);
  }

  /** Calls `fn` with each peer's annotation notice, and with 'all' when Redis returns (notices sent meanwhile were lost). */
  onAnnotations(fn: (ids: string[] | 'all') => void): void {
    this.annotationListeners.push(fn);
  }

  release(keys: readonly string[]): void {
    const ours = keys.filter((k) => this.held.delete(k));
    this.metrics.leasesHeld.set(this.held.size);
    if (ours.length === 0 || !this.redis.up()) return;
    this.metrics.leaseCalls.inc({ mode: 'release' });
    leases(this.redis.cmd, this.prefix, ours, { server: this.server, now: this.now(), ttlMs: this.leaseMs, mode: 'release' }).then(
      // Peers that knew this server held these keys ask Redis again at their next claim, and find them free.
      () => this.io?.serverSideEmit('fleet:released', ours),
      (e: unknown) => this.failed('release', e)
    );
  }

  health(): FleetHealth {
    return { server: this.server, redis_ok: this.redis.up(), leases: this.held.size };
  }

  /** Gives up this server's leases (peers take its views at once, not after they lapse) and disconnects. */
  async close(): Promise<void> {
    this.stopRenew?.();
    this.stopRenew = null;
    const ours = [...this.held.keys()];
    this.held.clear();
    if (this.redis.up()) await this.addresses.forget().catch(() => undefined);
    if (ours.length > 0 && this.redis.up()) {
      await leases(this.redis.cmd, this.prefix, ours, { server: this.server, now: this.now(), ttlMs: this.leaseMs, mode: 'release' }).catch(
        () => undefined
      );
    }
    await this.redis.close();
  }

  private async renew(): Promise<void> {
    if (!this.redis.up()) return;
    await this.addresses.beat().catch((e: unknown) => this.failed('heartbeat', e));
    if (this.held.size === 0) return;
    const keys = [...this.held.keys()];
    const now = this.now();
    this.metrics.leaseCalls.inc({ mode: 'renew' });
    try {
      const still = await leases(this.redis.cmd, this.prefix, keys, {
        server: this.server,
        now,
        ttlMs: this.leaseMs,
        mode: 'renew'
      });
      // A lease lost meanwhile (this server stalled past it and a peer took over) is the peer's now.
      keys.forEach((k, i) => {
        if (!still[i]) this.held.delete(k);
        // Not released meanwhile: renewed to a lease from `now`.
        else if (this.held.has(k)) this.held.set(k, now + this.leaseMs);
      });
      this.metrics.leasesHeld.set(this.held.size);
    } catch (e) {
      this.failed('renew', e);
    }
  }

  private alone(keys: readonly string[]): ReadonlySet<string> {
    this.metrics.claims.inc({ outcome: 'alone' }, keys.length);
    return new Set(keys);
  }

  private redisChanged(up: boolean): void {
    this.metrics.redisUp.set(up ? 1 : 0);
    if (!up) {
      // Leases cannot be renewed now; peers take them when they lapse, this server runs alone.
      this.held.clear();
      // Nor are peers' renewals seen: when Redis is back, every lease is asked for again.
      this.peerHeld.clear();
      this.metrics.leasesHeld.set(0);
      this.opts.log.warn('redis lost: serving alone, every view run here');
      return;
    }
    this.opts.log.info('redis back: rejoining the fleet');
    this.addresses.restore().catch((e: unknown) => this.failed('restore connection counts', e));
    // Notices sent while this server was cut off never reached it: every view is due once.
    for (const c of DATA_CHANGES) this.hub?.markDirty(c, 'peer');
    for (const fn of this.annotationListeners) fn('all');
  }

  private failed(what: string, e: unknown): void {
    this.metrics.redisErrors.inc();
    this.opts.log.warn('redis command failed', { what, error: (e as Error).message });
  }

  private resultKey(viewKey: string): string {
    return `${this.prefix}:result:${viewKey}`;
  }
}

/** Ids one annotation notice names; a larger write asks peers to read every annotation again. */
const MAX_NOTICE_IDS = 500;

/** The URL without its password, for logs. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'invalid URL';
  }
}

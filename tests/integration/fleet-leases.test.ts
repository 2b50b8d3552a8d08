// Two fleet members over one real redis-server, each with a socket.io server on the fleet's Redis
// adapter (no HTTP: only server-side events travel), on one manual clock: which claims go to
// Redis and which each member answers from what it knows. Every step waits for the event it
// expects (a peer's result or release arriving); time moves only by the clock's hand.
import { Registry } from 'prom-client';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SharedResult } from '../../src/lib/contract/socket';
import { Fleet } from '../../server/fleet/fleet';
import type { Hub } from '../../server/live/hub';
import type { IoServer } from '../../server/live/sockets';
import { silentLogger } from '../../server/log';
import { ManualClock } from '../helpers/manual-clock';
import { startRedis, type TestRedis } from '../helpers/redis';

const LEASE_MS = 6_000;

interface Member {
  fleet: Fleet;
  io: IoServer;
  registry: Registry;
  /** Results from peers, as the hub would get them. */
  received: SharedResult[];
}

let redis: TestRedis;
const clock = new ManualClock(1_800_000_000_000);
const members: Member[] = [];

async function member(prefix: string): Promise<Member> {
  const registry = new Registry();
  const fleet = await Fleet.open({ url: redis.url, log: silentLogger, registry, leaseMs: LEASE_MS, prefix, now: clock.now, timers: clock });
  const io: IoServer = new Server({ adapter: fleet.adapter() });
  const received: SharedResult[] = [];
  // The hub's side of a fleet: a peer's notice and its results. Only results matter here.
  const hub = { markDirty: () => undefined, receive: (r: SharedResult) => void received.push(r) } as unknown as Hub;
  fleet.bind(io, hub);
  return { fleet, io, registry, received };
}

async function takeCalls(m: Member): Promise<number> {
  const v = (await m.registry.getSingleMetric('pdo_fleet_lease_calls_total')?.get())?.values ?? [];
  return v.filter((x) => x.labels.mode === 'take').reduce((a, x) => a + x.value, 0);
}

/** Resolves when `m`'s socket.io server next hears `event` from a peer (after the fleet's own listener). */
function next(m: Member, event: 'fleet:result' | 'fleet:released'): Promise<void> {
  return new Promise((resolve) => {
    const on = () => {
      m.io.off(event, on);
      resolve();
    };
    m.io.on(event, on);
  });
}

beforeAll(async () => {
  redis = await startRedis();
  const prefix = `leases-${process.pid}`;
  members.push(await member(prefix), await member(prefix));
});

afterAll(async () => {
  // The adapter first (it unsubscribes on the fleet's Redis connections), then the fleet. The
  // socket.io servers were never attached to HTTP: there is nothing else of theirs to close.
  for (const m of members) {
    await m.io.of('/').adapter.close();
    await m.fleet.close();
  }
  await redis?.stop();
});

describe('lease claims in a fleet', () => {
  it('asks Redis only for the views whose holder a member does not know', async () => {
    const [a, b] = members as [Member, Member];
    const key = 'market.by_region?from=now-1h';
    const t0 = clock.now();
    // First claim: nobody holds it, A asks Redis and takes it.
    expect([...(await a.fleet.claim([key], t0))]).toEqual([key]);
    expect(await takeCalls(a)).toBe(1);
    // Its own lease, with most of its time left: no round trip.
    expect([...(await a.fleet.claim([key], t0 + 100))]).toEqual([key]);
    expect(await takeCalls(a)).toBe(1);

    // B knows nothing yet: it asks, and Redis says the view is A's.
    expect(await b.fleet.claim([key], t0 + 100)).toEqual(new Set());
    expect(await takeCalls(b)).toBe(1);

    // A shares a result; it carries A's lease, so B's next claims need no round trip.
    const heard = next(b, 'fleet:result');
    a.fleet.share({ key, hash: 'h1', checked_at: t0 + 200 });
    await heard;
    expect(b.received.at(-1)).toMatchObject({ key, hash: 'h1', lease_until: t0 + LEASE_MS });
    expect(await b.fleet.claim([key], t0 + 300)).toEqual(new Set());
    expect(await takeCalls(b)).toBe(1);

    // Past half its lease without a renewal (the clock moved by hand, no timer ran), A asks
    // Redis again rather than trust a lease that may be about to lapse; it is still A's.
    expect([...(await a.fleet.claim([key], t0 + LEASE_MS / 2 + 1))]).toEqual([key]);
    expect(await takeCalls(a)).toBe(2);
  });

  it("forgets a peer's lease when the peer releases it, and takes the view at the next claim", async () => {
    const [a, b] = members as [Member, Member];
    const key = 'market.by_region?from=now-2h';
    const t0 = clock.now();
    expect([...(await a.fleet.claim([key], t0))]).toEqual([key]);
    const heard = next(b, 'fleet:result');
    a.fleet.share({ key, hash: 'h2', checked_at: t0 });
    await heard;
    const before = await takeCalls(b);
    expect(await b.fleet.claim([key], t0 + 10)).toEqual(new Set());
    expect(await takeCalls(b)).toBe(before);

    // A's last viewer left: it gives the lease up and says so; B asks Redis and takes it.
    const released = next(b, 'fleet:released');
    a.fleet.release([key]);
    await released;
    expect([...(await b.fleet.claim([key], t0 + 20))]).toEqual([key]);
    expect(await takeCalls(b)).toBe(before + 1);
  });
});

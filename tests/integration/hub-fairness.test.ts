// The live hub under a crowd of private views, on a real engine: a pass is bounded, a newcomer
// to a popular view is served first, a newcomer's own view is served first however many views
// other addresses hold, every address gets its turn, keys whose viewers left are dropped from a
// pass under way, and sockets are capped per address. The hub's timers are parked far in the future, so every
// pass here is one the test starts.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, PanelData, ServerToClientEvents, SubscribeAck } from '../../src/lib/contract/socket';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

const HOUR = 3_600_000;
let s: TestServer;
const delivered: PanelData[] = [];

beforeAll(async () => {
  s = await startServer({
    app: {
      hub: { tickMs: HOUR, dirtyDelayMs: HOUR, concurrency: 4, maxPerPass: 8 },
      socketLimits: { maxKeysPerAddress: 3, maxConnectionsPerAddress: 2 }
    }
  });
  s.app.hub.onData((d) => delivered.push(d));
  await ingest(
    s.url,
    'crawl',
    Array.from({ length: 20 }, (_, i) => crawlRow(i, { ts: Date.now() - HOUR + i * 1000 }))
  );
});
afterAll(async () => {
  await s.close();
});

/** 40 distinct keys, as one socket with many private windows would hold. */
function privateViews(subscriber: string, panel: string): string[] {
  return Array.from({ length: 40 }, (_, i) => s.app.hub.subscribe(panel, { limit: i + 1 }, subscriber).key);
}

describe('a fair, bounded live pass', () => {
  it('serves a newcomer to a popular view in the first pass, and runs at most the bound', async () => {
    privateViews('hog', 'provenance.by_domain');
    for (const viewer of ['a', 'b', 'c']) s.app.hub.subscribe('provenance.ai_share', {}, viewer);
    const popular = s.app.hub.subscribe('provenance.ai_share', {}, 'newcomer').key;
    delivered.length = 0;
    await s.app.hub.tick();
    const first = delivered.map((d) => d.key);
    expect(first.length).toBeLessThanOrEqual(8);
    // Subscribed after 40 private keys, yet in the first pass.
    expect(first).toContain(popular);
  });

  it('drops keys from a pass under way once nobody watches them', async () => {
    const keys = new Set(privateViews('leaver', 'market.by_region'));
    let left = false;
    s.app.hub.onData((d) => {
      if (left || !keys.has(d.key)) return;
      // The first of them back: the viewer closes every window.
      left = true;
      for (const k of keys) s.app.hub.unsubscribe(k, 'leaver');
    });
    delivered.length = 0;
    for (let passes = 0; !left; passes++) {
      if (passes > 100) throw new Error('the leaver was never served');
      await s.app.hub.tick();
    }
    await s.app.hub.tick();
    // Only the queries already running when the viewer left (at most the concurrency) finish.
    const served = delivered.filter((d) => keys.has(d.key)).length;
    expect(served).toBeGreaterThanOrEqual(1);
    expect(served).toBeLessThanOrEqual(4);
  });
});

describe('fair by client', () => {
  it("serves a newcomer's own view in the first pass and every crowded address within two, whatever the others hold", async () => {
    // No pass of the tests above still running: the first pass here is one this test starts.
    await s.app.hub.idle();
    // Ten addresses with 40 distinct private views each.
    const keysOf = new Map<string, Set<string>>();
    for (let c = 0; c < 10; c++) {
      const address = `10.0.0.${c + 1}`;
      const keys = new Set<string>();
      for (let i = 0; i < 40; i++)
        keys.add(s.app.hub.subscribe('provenance.by_domain', { limit: i + 1, from: `now-${c + 2}d` }, `sock-${c}`, address).key);
      keysOf.set(address, keys);
    }
    const own = s.app.hub.subscribe('market.by_region', { limit: 77, from: 'now-50d' }, 'newcomer-sock', '10.0.1.1').key;
    delivered.length = 0;
    await s.app.hub.tick();
    expect(delivered.map((d) => d.key)).toContain(own);
    expect(delivered.length).toBeLessThanOrEqual(8);
    await s.app.hub.tick();
    const served = new Set(delivered.map((d) => d.key));
    const starved = [...keysOf].filter(([, keys]) => ![...keys].some((k) => served.has(k))).map(([a]) => a);
    expect(starved).toEqual([]);
  });
});

describe('fair by client over real sockets', () => {
  type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
  /** A socket from one loopback address: the address the server sees, as a client's would be. */
  const from = (localAddress: string): Promise<Client> =>
    new Promise((resolve, reject) => {
      // engine.io-client hands localAddress to the WebSocket it opens in Node; its types omit it.
      const opts = { transports: ['websocket'], reconnection: false, forceNew: true, localAddress } as Parameters<typeof connect>[1];
      const c: Client = connect(s.url, opts);
      c.once('connect', () => resolve(c));
      c.once('connect_error', reject);
    });

  it("serves a newcomer's own view ahead of the views twenty other addresses, over real sockets, still wait on", async () => {
    await s.app.hub.idle();
    const crowd: Client[] = [];
    const keysOf = new Map<string, string[]>();
    try {
      for (let a = 0; a < 20; a++) {
        const address = `127.0.3.${a + 1}`;
        const c = await from(address);
        crowd.push(c);
        const keys: string[] = [];
        for (let v = 0; v < 3; v++) {
          const ack = await c
            .timeout(10_000)
            .emitWithAck('subscribe', { panel: 'provenance.by_content_type', filters: { from: `now-${a * 3 + v + 2}h` } });
          if (!('key' in ack)) throw new Error(`subscribe refused: ${ack.error}`);
          keys.push(ack.key);
        }
        keysOf.set(address, keys);
      }
      // Passes until every crowded address has had data once: the rest of their views still wait.
      const served = new Set<string>();
      delivered.length = 0;
      for (let passes = 0; [...keysOf.values()].some((keys) => !keys.some((k) => served.has(k))); passes++) {
        if (passes > 20) throw new Error('some address was never served');
        await s.app.hub.tick();
        for (const d of delivered) served.add(d.key);
      }
      const stillWaiting = [...keysOf.values()].flat().filter((k) => !served.has(k)).length;
      const newcomer = await from('127.0.4.1');
      crowd.push(newcomer);
      const got: string[] = [];
      newcomer.on('panel:data', (d) => got.push(d.key));
      delivered.length = 0;
      const ack = await newcomer.timeout(10_000).emitWithAck('subscribe', { panel: 'market.rates', filters: { from: 'now-77d' } });
      if (!('key' in ack)) throw new Error(`subscribe refused: ${ack.error}`);
      for (let passes = 0; !delivered.some((d) => d.key === ack.key); passes++) {
        if (passes > 20) throw new Error('the newcomer was never served');
        await s.app.hub.tick();
      }
      // Its first data waited behind at most one key of each other waiting address (20), plus a
      // pass that may already have been under way when it subscribed (8): not behind the views
      // the crowd still waits on, as it was when passes were shared out by key.
      const before = delivered.findIndex((d) => d.key === ack.key);
      expect(before).toBeLessThan(20 + 8);
      expect(stillWaiting).toBeGreaterThan(20 + 8);
      // And it reached the newcomer's socket: the hub's sends are flushed at the end of the turn.
      for (let turns = 0; !got.includes(ack.key); turns++) {
        if (turns > 200_000) throw new Error('the newcomer never got its data');
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      for (const c of crowd) c.close();
    }
  });
});

describe('socket caps per address', () => {
  type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
  const open = (): Promise<Client | Error> =>
    new Promise((resolve) => {
      const c: Client = connect(s.url, { transports: ['websocket'], reconnection: false, forceNew: true });
      c.once('connect', () => resolve(c));
      c.once('connect_error', (e) => resolve(e));
    });

  it('refuses connections over the cap and distinct keys over the cap, naming the limit', async () => {
    const a = await open();
    const b = await open();
    const c = await open();
    expect(c).toBeInstanceOf(Error);
    expect((c as Error).message).toMatch(/at most 2 connections/);
    if (a instanceof Error || b instanceof Error) throw new Error('the first two connections should be taken');
    const sub = (x: Client, limit: number) =>
      x.timeout(10_000).emitWithAck('subscribe', { panel: 'provenance.by_domain', filters: { limit } }) as Promise<SubscribeAck>;
    expect('key' in (await sub(a, 1))).toBe(true);
    expect('key' in (await sub(b, 2))).toBe(true);
    expect('key' in (await sub(a, 3))).toBe(true);
    // A key another socket from the address already holds is not a new distinct key.
    expect('key' in (await sub(b, 1))).toBe(true);
    expect(await sub(b, 4)).toEqual({ error: 'limit: at most 3 distinct subscriptions from one address' });
    a.close();
    // a's keys are released when it leaves: b may now take another.
    for (let turns = 0; ; turns++) {
      const r = await sub(b, 5);
      if ('key' in r) break;
      if (turns > 1000) throw new Error('keys were not released on disconnect');
    }
    b.close();
  });
});

// Live panels over a real socket.io connection to a real server. The hub and the socket rate
// limits run on a manual clock: every refresh is an explicit step, every wait is for an event or
// an acknowledgement, and "nothing was sent" is proven by a round trip on the same connection
// (socket.io keeps a connection's messages in order), never by sleeping and looking.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, PanelData, ServerToClientEvents, SubscribeAck } from '../../src/lib/contract/socket';
import { ManualClock } from '../helpers/manual-clock';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const READ = 'read-token-for-tests-0123456789ab';
const DIRTY_DELAY = 25;
// The hub's clock starts at the real time so the engine's own clock (the minute rollup keeps 90
// days by now()) agrees with it; from there on it moves only when a test moves it.
const clock = new ManualClock(Date.now());
const BASE = clock.t;
let s: TestServer;
let ingested = 0;
const open: { c: Client; keys: Set<string> }[] = [];

beforeAll(async () => {
  s = await startServer({
    env: { READ_TOKEN: READ },
    app: { hub: { now: clock.now, timers: clock, dirtyDelayMs: DIRTY_DELAY } }
  });
  // History for the window the panel shows.
  await addRows(Array.from({ length: 30 }, (_, i) => crawlRow(i, { ts: BASE - 3600_000 + i * 1000 })));
});

afterEach(async () => {
  // Unsubscribe with acknowledgement before closing, so the next test starts with no key
  // watched (a bare close is only noticed by the server some time later).
  for (const { c, keys } of open.splice(0)) {
    for (const key of keys) {
      clock.advance(100);
      if (c.connected) expect(await unsubscribe(c, key)).toEqual({ ok: true });
    }
    c.close();
  }
  await s.app.hub.idle();
});

afterAll(async () => {
  await s.close();
});

async function addRows(rows: Record<string, unknown>[]): Promise<void> {
  const r = await ingest(s.url, 'crawl', rows);
  expect(r.status).toBe(200);
  ingested += rows.length;
}

function client(token: string | null = READ): Client {
  const c: Client = connect(s.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(token !== null ? { auth: { token } } : {})
  });
  open.push({ c, keys: new Set() });
  return c;
}

function connected(c: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('connect_error', reject);
  });
}

async function subscribe(c: Client, panel: string, filters: Record<string, unknown> = {}): Promise<SubscribeAck> {
  const ack = await new Promise<SubscribeAck>((resolve) => c.emit('subscribe', { panel: panel as never, filters }, resolve));
  if ('key' in ack) open.find((o) => o.c === c)?.keys.add(ack.key);
  return ack;
}

async function unsubscribe(c: Client, key: string): Promise<{ ok?: true; error?: string }> {
  const ack = await new Promise<{ ok?: true; error?: string }>((resolve) => c.emit('unsubscribe', { key }, resolve));
  if (ack.ok) open.find((o) => o.c === c)?.keys.delete(key);
  return ack;
}

/** A round trip on the connection: everything the server sent before it has arrived. */
async function roundTrip(c: Client): Promise<void> {
  expect(await unsubscribe(c, 'not-a-key')).toEqual({ error: 'not subscribed to that key' });
}

function nextData(c: Client, key?: string): Promise<PanelData> {
  return new Promise((resolve) => {
    const on = (d: PanelData) => {
      if (key && d.key !== key) return;
      c.off('panel:data', on);
      resolve(d);
    };
    c.on('panel:data', on);
  });
}

/** Fires the refresh the last subscribe or ingest scheduled, and waits until its results are sent. */
async function settle(ms = DIRTY_DELAY): Promise<void> {
  clock.advance(ms);
  await s.app.hub.idle();
}

async function panelQueries(): Promise<number> {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const m = /pdo_panel_queries_total\{panel="provenance.ai_share"\} (\d+)/.exec(text);
  return Number(m?.[1] ?? 0);
}

const VIEW = { from: 'now-1d', to: 'now', grain: 'hour' };
const docs = (d: PanelData) => d.rows.reduce((n, r) => n + Number(r.docs), 0);

describe('live panels over socket.io', () => {
  it('refuses a connection without the read token', async () => {
    const c = client(null);
    await expect(connected(c)).rejects.toThrow(/unauthorized/);
    const wrong = client('wrong-token-wrong-token-wrong');
    await expect(connected(wrong)).rejects.toThrow(/unauthorized/);
  });

  it('answers a subscribe with a key, then the data', async () => {
    const c = client();
    await connected(c);
    const data = nextData(c);
    const ack = await subscribe(c, 'provenance.ai_share', VIEW);
    expect(ack).toEqual({ key: 'provenance.ai_share?from=now-1d&to=now&grain=hour' });
    await settle();
    const d = await data;
    expect(d.panel).toBe('provenance.ai_share');
    expect(docs(d)).toBe(ingested);
  });

  it('shares one key and one query between clients with the same view, and gives a late one the cached result at once', async () => {
    const a = client();
    const b = client();
    await Promise.all([connected(a), connected(b)]);
    const first = nextData(a);
    const ka = await subscribe(a, 'provenance.ai_share', { ...VIEW, lang: ['en', 'de'] });
    const queriesBefore = await panelQueries();
    await settle();
    await first;
    expect(await panelQueries()).toBe(queriesBefore + 1);
    const late = nextData(b);
    // The same view with its filter values in another order is the same key.
    const kb = await subscribe(b, 'provenance.ai_share', { grain: 'hour', lang: ['de', 'en', 'en'], to: 'now', from: 'now-1d' });
    expect(kb).toEqual(ka);
    // Sent with the acknowledgement, before any refresh.
    await late;
    await settle();
    expect(await panelQueries()).toBe(queriesBefore + 1);
    expect(s.app.hub.activeKeys()).toBe(1);
  });

  it('re-queries on a dirty mark and after the refresh interval but pushes nothing while the data is unchanged; an ingest pushes a higher seq', async () => {
    const c = client();
    await connected(c);
    const first = nextData(c);
    const ack = (await subscribe(c, 'provenance.ai_share', VIEW)) as { key: string };
    await settle();
    const d1 = await first;
    const pushes: PanelData[] = [];
    c.on('panel:data', (d) => pushes.push(d));
    const before = await panelQueries();
    // A write elsewhere marks the stream dirty: the hub asks the engine again...
    s.app.hub.markDirty('crawl');
    await settle();
    // ...and again when the panel's 5 s refresh interval has passed.
    await settle(5_000);
    expect(await panelQueries()).toBe(before + 2);
    await roundTrip(c);
    expect(pushes).toEqual([]);

    const next = nextData(c, ack.key);
    await addRows([crawlRow(99, { ts: BASE - 60_000 })]);
    await settle();
    const d2 = await next;
    expect(d2.seq).toBeGreaterThan(d1.seq);
    expect(docs(d2)).toBe(docs(d1) + 1);
  });

  it('rejects unknown panels, unknown filters and injection attempts in the ack', async () => {
    const c = client();
    await connected(c);
    expect(await subscribe(c, 'provenance.nope')).toEqual({ error: 'unknown panel "provenance.nope"' });
    expect(await subscribe(c, 'provenance.ai_share', { colour: ['red'] })).toMatchObject({
      error: expect.stringMatching(/unknown filter colour/)
    });
    expect(await subscribe(c, 'provenance.ai_share', { from: "now'; DROP TABLE crawl_documents; --" })).toMatchObject({
      error: expect.stringMatching(/from/)
    });
    expect(await subscribe(c, 'provenance.ai_share', { platform: ['x'] })).toMatchObject({
      error: expect.stringMatching(/does not take the filter platform/)
    });
    expect(s.app.hub.activeKeys()).toBe(0);
  });

  it('resyncs after a reconnect with the current data and no duplicates', async () => {
    const c = client();
    await connected(c);
    const got: PanelData[] = [];
    c.on('panel:data', (d) => got.push(d));
    const first = nextData(c);
    const ack = (await subscribe(c, 'provenance.ai_share', VIEW)) as { key: string };
    await settle();
    await first;
    // Leave cleanly (the server forgets the subscription), miss a write, come back.
    expect(await unsubscribe(c, ack.key)).toEqual({ ok: true });
    c.disconnect();
    await addRows([crawlRow(100, { ts: BASE - 30_000 })]);
    await settle();
    c.connect();
    await connected(c);
    const again = nextData(c, ack.key);
    expect(await subscribe(c, 'provenance.ai_share', VIEW)).toEqual(ack);
    await settle();
    const d = await again;
    const seqs = got.map((g) => g.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(docs(d)).toBe(ingested);
  });

  it('stops querying a key nobody watches', async () => {
    const c = client();
    await connected(c);
    const first = nextData(c);
    const ack = (await subscribe(c, 'provenance.ai_share', { ...VIEW, lang: ['zz'] })) as { key: string };
    await settle();
    expect((await first).key).toBe(ack.key);
    expect(await unsubscribe(c, ack.key)).toEqual({ ok: true });
    expect(s.app.hub.activeKeys()).toBe(0);
    const before = await panelQueries();
    await addRows([crawlRow(101, { ts: BASE - 10_000, lang: 'zz' })]);
    await settle();
    await settle(60_000);
    expect(await panelQueries()).toBe(before);
  });
});

describe('socket limits', () => {
  it('allows 64 subscriptions per connection and refuses the 65th', async () => {
    const c = client();
    await connected(c);
    for (let i = 0; i < 64; i++) {
      // 50 ms apart: one message a refill at 20 a second, so only the count limit applies.
      clock.advance(50);
      expect(await subscribe(c, 'provenance.ai_share', { ...VIEW, lang: [`l${i}`] }), `subscription ${i + 1}`).toHaveProperty('key');
    }
    clock.advance(50);
    expect(await subscribe(c, 'provenance.ai_share', { ...VIEW, lang: ['l64'] })).toEqual({
      error: 'limit: at most 64 subscriptions per connection'
    });
    expect(s.app.hub.activeKeys()).toBe(64);
    await s.app.hub.idle();
  });

  it('takes a burst of 160 messages, then 20 a second, and says when one more is taken', async () => {
    const c = client();
    await connected(c);
    const limited = (ms: number) => ({ error: 'rate limit: too many messages, slow down', retry_after_ms: ms });
    const send = async (n: number) => {
      const acks = [];
      for (let i = 0; i < n; i++) acks.push(await unsubscribe(c, `k${i}`));
      return acks;
    };
    // The clock stands still: the burst, then nothing, and a token is 1/20 s away.
    const burst = await send(161);
    expect(burst.slice(0, 160).every((a) => a.error === 'not subscribed to that key')).toBe(true);
    expect(burst[160]).toEqual(limited(50));
    expect(await subscribe(c, 'provenance.ai_share', VIEW)).toEqual(limited(50));
    // 20 ms refill 0.4 of a token; a refusal takes none.
    clock.advance(20);
    expect(await subscribe(c, 'provenance.ai_share', VIEW)).toEqual(limited(30));
    expect(await subscribe(c, 'provenance.ai_share', VIEW)).toEqual(limited(30));
    // A second refills 20.
    clock.advance(980);
    const refill = await send(21);
    expect(refill.slice(0, 20).every((a) => a.error === 'not subscribed to that key')).toBe(true);
    expect(refill[20]).toEqual(limited(50));
    // Half a second refills 10, and a subscribe counts like any message.
    clock.advance(500);
    expect(await send(9)).toHaveLength(9);
    expect(await subscribe(c, 'provenance.ai_share', VIEW)).toHaveProperty('key');
    expect(await subscribe(c, 'provenance.ai_share', VIEW)).toEqual(limited(50));
  });

  it('lets a page swap all 64 of its views at once, an unsubscribe and a subscribe each', async () => {
    const c = client();
    await connected(c);
    const view = (i: number, from: string) => ({ ...VIEW, from, lang: [`l${i}`] });
    const first = await Promise.all(Array.from({ length: 64 }, (_, i) => subscribe(c, 'provenance.ai_share', view(i, 'now-1h'))));
    const keys = first.map((a) => ('key' in a ? a.key : a.error));
    expect(keys.every((k) => k.startsWith('provenance.ai_share'))).toBe(true);
    // The reader looks at the page for a few seconds (the burst refills), then changes the range:
    // all 128 messages go at once and every one is taken.
    clock.advance(3_200);
    const swapped = await Promise.all(
      keys.flatMap((key, i) => [unsubscribe(c, key), subscribe(c, 'provenance.ai_share', view(i, 'now-2h'))])
    );
    expect(swapped.filter((a) => 'error' in a && a.error !== undefined)).toEqual([]);
    expect(s.app.hub.activeKeys()).toBe(64);
    await s.app.hub.idle();
  });

  it('takes a message of 16 KiB and drops a connection that sends a larger one', async () => {
    const c = client();
    await connected(c);
    // The packet on the wire is socket.io's type and ack id, then the JSON of the event: a filter
    // value sized so the whole packet is exactly 16,384 bytes, then one byte more.
    const sized = (bytes: number, ackId: number) => {
      const frame = `42${ackId}` + JSON.stringify(['subscribe', { panel: 'provenance.ai_share', filters: { lang: [''] } }]);
      return { lang: ['x'.repeat(bytes - frame.length)] };
    };
    expect(await subscribe(c, 'provenance.ai_share', sized(16_384, 0))).toMatchObject({ error: expect.stringMatching(/lang/) });
    const closed = new Promise<string>((resolve) => c.once('disconnect', resolve));
    c.emit('subscribe', { panel: 'provenance.ai_share', filters: sized(16_385, 1) }, () => {
      throw new Error('a message over the limit was answered');
    });
    expect(await closed).toBe('transport close');
  });
});

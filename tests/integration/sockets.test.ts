import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, PanelData, ServerToClientEvents, SubscribeAck } from '../../src/lib/contract/socket';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const READ = 'read-token-for-tests-0123456789ab';
let s: TestServer;
const open: Client[] = [];

beforeAll(async () => {
  s = await startServer({
    env: { READ_TOKEN: READ },
    app: { hub: { tickMs: 200, dirtyDelayMs: 10 }, socketLimits: { maxSubscriptions: 3 } }
  });
  // History for the window the panel shows.
  await ingest(
    s.url,
    'crawl',
    Array.from({ length: 30 }, (_, i) => crawlRow(i, { ts: Date.now() - 3600_000 + i * 1000 }))
  );
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
afterAll(async () => {
  await s.close();
});

function client(token: string | null = READ): Client {
  const c: Client = connect(s.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(token !== null ? { auth: { token } } : {})
  });
  open.push(c);
  return c;
}

function connected(c: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('connect_error', reject);
  });
}

function subscribe(c: Client, panel: string, filters: Record<string, unknown> = {}): Promise<SubscribeAck> {
  return new Promise((resolve) => c.emit('subscribe', { panel: panel as never, filters }, resolve));
}

function nextData(c: Client, key?: string, timeoutMs = 5000): Promise<PanelData> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no panel:data in time')), timeoutMs);
    const on = (d: PanelData) => {
      if (key && d.key !== key) return;
      clearTimeout(t);
      c.off('panel:data', on);
      resolve(d);
    };
    c.on('panel:data', on);
  });
}

const VIEW = { from: 'now-1d', to: 'now', grain: 'hour' };

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
    const d = await data;
    expect(d.panel).toBe('provenance.ai_share');
    expect(d.rows.reduce((n, r) => n + Number(r.docs), 0)).toBe(30);
  });

  it('shares one key and one query between clients with the same view, and gives a late one the cached result at once', async () => {
    const a = client();
    const b = client();
    await Promise.all([connected(a), connected(b)]);
    const first = nextData(a);
    const ka = await subscribe(a, 'provenance.ai_share', { ...VIEW, lang: ['en', 'de'] });
    await first;
    const queriesBefore = await panelQueries();
    const late = nextData(b);
    // The same view with its filter values in another order is the same key.
    const kb = await subscribe(b, 'provenance.ai_share', { grain: 'hour', lang: ['de', 'en', 'en'], to: 'now', from: 'now-1d' });
    expect(kb).toEqual(ka);
    await late;
    expect(await panelQueries()).toBe(queriesBefore);
    expect(s.app.hub.activeKeys()).toBe(1);
  });

  it('pushes after an ingest with a higher seq, and pushes nothing while the data is unchanged', async () => {
    const c = client();
    await connected(c);
    const first = nextData(c);
    const ack = (await subscribe(c, 'provenance.ai_share', VIEW)) as { key: string };
    const d1 = await first;
    const pushes: PanelData[] = [];
    c.on('panel:data', (d) => pushes.push(d));
    // Several refreshes of the key happen in this time (tick 200 ms, refresh 5 s is not due,
    // but dirty marks from nothing do not occur): no push, since nothing changed.
    await s.app.hub.tick();
    await new Promise((r) => setTimeout(r, 600));
    expect(pushes).toEqual([]);
    const next = nextData(c, ack.key);
    await ingest(s.url, 'crawl', [crawlRow(99, { ts: Date.now() - 60_000 })]);
    const d2 = await next;
    expect(d2.seq).toBeGreaterThan(d1.seq);
    expect(d2.rows.reduce((n, r) => n + Number(r.docs), 0)).toBe(d1.rows.reduce((n, r) => n + Number(r.docs), 0) + 1);
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
  });

  it('limits subscriptions per connection', async () => {
    const c = client();
    await connected(c);
    for (const lang of ['a1', 'a2', 'a3']) expect(await subscribe(c, 'provenance.ai_share', { lang: [lang] })).toHaveProperty('key');
    expect(await subscribe(c, 'provenance.ai_share', { lang: ['a4'] })).toEqual({ error: 'limit: at most 3 subscriptions per connection' });
  });

  it('resyncs after a reconnect with the current data and no duplicates', async () => {
    const c = client();
    await connected(c);
    const got: PanelData[] = [];
    c.on('panel:data', (d) => got.push(d));
    const ack = (await subscribe(c, 'provenance.ai_share', VIEW)) as { key: string };
    await new Promise((r) => setTimeout(r, 300));
    c.disconnect();
    await ingest(s.url, 'crawl', [crawlRow(100, { ts: Date.now() - 30_000 })]);
    c.connect();
    await connected(c);
    const again = nextData(c, ack.key);
    await subscribe(c, 'provenance.ai_share', VIEW);
    const d = await again;
    const seqs = got.map((g) => g.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(d.rows.reduce((n, r) => n + Number(r.docs), 0)).toBeGreaterThanOrEqual(32);
  });

  it('stops querying a key nobody watches', async () => {
    const c = client();
    await connected(c);
    const first = nextData(c);
    const ack = (await subscribe(c, 'provenance.ai_share', { ...VIEW, lang: ['zz'] })) as { key: string };
    await first.catch(() => undefined);
    await new Promise<void>((resolve) => c.emit('unsubscribe', { key: ack.key }, () => resolve()));
    const before = await panelQueries();
    await ingest(s.url, 'crawl', [crawlRow(101, { ts: Date.now() - 10_000, lang: 'zz' })]);
    await new Promise((r) => setTimeout(r, 500));
    // Other tests' keys may still be watched by their (closed) clients for a moment; this key
    // alone must not be queried: count stays the same or grows only by other live keys.
    const keysWatched = s.app.hub.activeKeys();
    expect(keysWatched).toBe(0);
    expect(await panelQueries()).toBe(before);
  });
});

async function panelQueries(): Promise<number> {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const m = /pdo_panel_queries_total\{panel="provenance.ai_share"\} (\d+)/.exec(text);
  return Number(m?.[1] ?? 0);
}

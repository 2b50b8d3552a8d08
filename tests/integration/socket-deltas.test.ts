// Delta pushes over a real socket.io connection to a real server on the real engine. The hub and
// the socket rate limits run on a manual clock: every refresh is an explicit step. What a client
// received is read after a round trip on its connection (socket.io keeps a connection's messages
// in order), never after a sleep. The clients hold rows as the browser does, with the shared
// receiveDelta, and the last rows they hold are compared with the REST answer for the same view.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, PanelData, PanelDelta, PanelRow, ServerToClientEvents } from '../../src/lib/contract/socket';
import { receiveDelta, isNewer } from '../../src/lib/shared/live-delta';
import { ManualClock } from '../helpers/manual-clock';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const DIRTY_DELAY = 25;
const MIN = 60_000;
// Near real time (the minute rollup keeps 90 days by the engine's clock) but half an hour behind,
// so that however far the tests move it, no row they write is in the engine's future.
const clock = new ManualClock(Math.floor(Date.now() / MIN) * MIN - 30 * MIN + 10_000);
const START = clock.t;
const VIEW = { from: 'now-1h', to: 'now', grain: 'minute' };
let s: TestServer;
let rowNo = 0;
const open: Holder[] = [];

beforeAll(async () => {
  s = await startServer({ app: { hub: { now: clock.now, timers: clock, dirtyDelayMs: DIRTY_DELAY } } });
  // A row every two minutes over the hour before the clock.
  await addRows(Array.from({ length: 30 }, (_, i) => START - 60 * MIN + i * 2 * MIN + 5_000));
});

afterEach(async () => {
  // Unsubscribe with acknowledgement (a bare close is noticed later), then let the hub drop the
  // keys, so each test's first subscription starts a key afresh.
  for (const h of open.splice(0)) {
    for (const key of h.keys) {
      expect(await new Promise((resolve) => h.c.emit('unsubscribe', { key }, resolve))).toEqual({ ok: true });
    }
    h.c.close();
  }
  clock.advance(61_000);
  await s.app.hub.idle();
  await s.app.hub.tick();
});

afterAll(async () => {
  await s.close();
});

async function addRows(times: number[], lang?: (i: number) => string): Promise<void> {
  const rows = times.map((ts) => {
    const n = rowNo++;
    return crawlRow(n, { ts, ...(lang ? { lang: lang(n) } : {}) });
  });
  const r = await ingest(s.url, 'crawl', rows);
  expect(r.status).toBe(200);
}

/** A client that holds rows per key the way the browser's client does, and logs what came. */
interface Holder {
  c: Client;
  keys: Set<string>;
  held: Map<string, PanelData>;
  log: { kind: 'data' | 'delta'; key: string; seq: number; base?: number; splices?: PanelDelta['splices'] }[];
  gaps: number;
  /** Drops the next delta for a key, as a network that lost it would. */
  dropNext: Set<string>;
}

async function holder(): Promise<Holder> {
  const c: Client = connect(s.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  const h: Holder = { c, keys: new Set(), held: new Map(), log: [], gaps: 0, dropNext: new Set() };
  open.push(h);
  c.on('panel:data', (d) => {
    h.log.push({ kind: 'data', key: d.key, seq: d.seq });
    if (isNewer(d, h.held.get(d.key) ?? null)) h.held.set(d.key, d);
  });
  c.on('panel:delta', (d) => {
    if (h.dropNext.delete(d.key)) return;
    h.log.push({ kind: 'delta', key: d.key, seq: d.seq, base: d.base, splices: d.splices });
    const next = receiveDelta(h.held.get(d.key) ?? null, d);
    if (next === 'gap') {
      h.gaps++;
      c.emit('resync', { key: d.key });
    } else if (next !== 'old') h.held.set(d.key, next);
  });
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('connect_error', reject);
  });
  return h;
}

async function subscribe(h: Holder, panel: string, filters: Record<string, unknown>, deltas = true): Promise<string> {
  const ack = await new Promise<{ key?: string; error?: string }>((resolve) =>
    h.c.emit('subscribe', { panel: panel as never, filters, deltas }, resolve)
  );
  expect(ack.error).toBeUndefined();
  h.keys.add(ack.key!);
  return ack.key!;
}

/** A round trip on the connection: everything the server sent before it has arrived. */
async function roundTrip(h: Holder): Promise<void> {
  expect(await new Promise((resolve) => h.c.emit('unsubscribe', { key: 'not-a-key' }, resolve))).toEqual({
    error: 'not subscribed to that key'
  });
}

/** Fires the refresh the last subscribe or ingest scheduled, waits until its results are sent and arrived. */
async function settle(hs: Holder[], ms = DIRTY_DELAY): Promise<void> {
  clock.advance(ms);
  await s.app.hub.idle();
  for (const h of hs) await roundTrip(h);
}

/** The REST answer for the view a pushed result was computed for: the same window, as absolute times. */
async function rest(panel: string, d: PanelData, filters: Record<string, string> = {}): Promise<PanelRow[]> {
  const to = Date.parse(d.as_of);
  const q = new URLSearchParams({ ...filters, from: new Date(to - 60 * MIN).toISOString(), to: d.as_of, grain: 'minute' });
  const res = await fetch(`${s.url}/api/panels/${panel}?${q}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { rows: PanelRow[] }).rows;
}

async function metric(name: string, kind: string): Promise<number> {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  return Number(new RegExp(`^${name}\\{kind="${kind}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

describe('delta pushes', () => {
  it('gives a late subscriber the whole result, then only deltas; a client without deltas gets whole results', async () => {
    const a = await holder();
    const key = await subscribe(a, 'provenance.ai_share', VIEW);
    await settle([a]);
    expect(a.log.map((m) => m.kind)).toEqual(['data']);

    await addRows([clock.t - 5_000]);
    await settle([a]);
    expect(a.log.map((m) => m.kind)).toEqual(['data', 'delta']);

    // Late: the cached result, whole, at once (no refresh needed).
    const late = await holder();
    const plain = await holder();
    expect(await subscribe(late, 'provenance.ai_share', VIEW)).toBe(key);
    expect(await subscribe(plain, 'provenance.ai_share', VIEW, false)).toBe(key);
    await roundTrip(late);
    await roundTrip(plain);
    const cachedSeq = a.held.get(key)!.seq;
    expect(late.log).toEqual([{ kind: 'data', key, seq: cachedSeq }]);

    const bytesBefore = {
      delta: await metric('pdo_live_sent_bytes_total', 'delta'),
      snapshot: await metric('pdo_live_sent_bytes_total', 'snapshot')
    };
    await addRows([clock.t - 4_000]);
    await settle([a, late, plain]);
    const [d] = late.log.slice(1);
    expect(d).toMatchObject({ kind: 'delta', base: cachedSeq });
    expect(a.log.at(-1)).toEqual(d);
    expect(plain.log.map((m) => m.kind)).toEqual(['data', 'data']);
    for (const h of [a, late, plain]) expect(h.held.get(key)!.rows).toEqual(await rest('provenance.ai_share', h.held.get(key)!));
    // Two deltas and one whole result went out, and the metrics say so by kind.
    const whole = JSON.stringify(['panel:data', plain.held.get(key)]).length;
    expect((await metric('pdo_live_sent_bytes_total', 'snapshot')) - bytesBefore.snapshot).toBe(whole + 1);
    const deltaBytes = (await metric('pdo_live_sent_bytes_total', 'delta')) - bytesBefore.delta;
    expect(deltaBytes).toBeGreaterThan(0);
    expect(deltaBytes / 2).toBeLessThan(whole / 4);
  });

  it('a client that misses a delta notices the gap, asks for the whole result and goes on with deltas', async () => {
    const h = await holder();
    const key = await subscribe(h, 'provenance.ai_share', VIEW);
    await settle([h]);
    h.dropNext.add(key);
    await addRows([clock.t - 3_000]);
    await settle([h]);
    // The lost delta left it holding the first result: nothing to see yet.
    expect(h.log.map((m) => m.kind)).toEqual(['data']);
    const stale = h.held.get(key)!;

    await addRows([clock.t - 2_000]);
    await settle([h]);
    // The next delta's base is the lost one's seq: a gap. The resync answer arrives after it.
    await roundTrip(h);
    expect(h.gaps).toBe(1);
    expect(h.log.map((m) => m.kind)).toEqual(['data', 'delta', 'data']);
    const resynced = h.held.get(key)!;
    expect(resynced.seq).toBe(h.log[1]!.seq);
    expect(resynced.seq).toBeGreaterThan(stale.seq);
    expect(resynced.rows).toEqual(await rest('provenance.ai_share', resynced));

    await addRows([clock.t - 1_000]);
    await settle([h]);
    expect(h.log.at(-1)).toMatchObject({ kind: 'delta', base: resynced.seq });
    expect(h.gaps).toBe(1);
    expect(h.held.get(key)!.rows).toEqual(await rest('provenance.ai_share', h.held.get(key)!));
  });

  it('resync answers only for a key the socket holds; subscribe refuses a deltas flag that is not a boolean', async () => {
    const h = await holder();
    expect(
      await new Promise((resolve) =>
        h.c.emit('subscribe', { panel: 'provenance.ai_share', filters: VIEW as never, deltas: 'yes' as never }, resolve)
      )
    ).toEqual({ error: 'subscribe: deltas must be true or false' });
    expect(s.app.hub.activeKeys()).toBe(0);
    expect(await new Promise((resolve) => h.c.emit('resync', { key: 'provenance.ai_share?x' }, resolve))).toEqual({
      error: 'not subscribed to that key'
    });
    expect(await new Promise((resolve) => h.c.emit('resync', 42 as never, resolve))).toEqual({ error: 'not subscribed to that key' });
  });

  it('charts fed only deltas over 24 updates (window slides, open buckets replaced, a ranking reordered) equal the REST result', async () => {
    const h = await holder();
    const series = await subscribe(h, 'provenance.ai_share', VIEW);
    const ranking = await subscribe(h, 'provenance.by_lang', VIEW);
    await settle([h]);
    expect(h.log.map((m) => m.kind)).toEqual(['data', 'data']);
    const langs = ['en', 'de', 'fr', 'es'];
    for (let step = 0; step < 24; step++) {
      // Rows in the open minute (it changes values), in a language chosen to reshuffle the
      // ranking; then 20 s on, so every third step opens a minute and the window sheds one.
      await addRows([clock.t - 1_000, clock.t - 500], () => langs[(step * 7) % 4]!);
      await settle([h], 20_000);
    }
    const deltas = h.log.filter((m) => m.kind === 'delta');
    // Every step changed both results and each went out as a delta (a refresh for the slide may
    // add one); no whole result was needed after the first.
    expect(h.log.filter((m) => m.kind === 'data')).toHaveLength(2);
    expect(deltas.filter((m) => m.key === series).length).toBeGreaterThanOrEqual(24);
    expect(deltas.filter((m) => m.key === ranking).length).toBeGreaterThanOrEqual(20);
    expect(h.gaps).toBe(0);
    const seriesSplices = deltas.filter((m) => m.key === series).flatMap((m) => m.splices!);
    // The window slid (rows removed at the start) and the open bucket was replaced in place.
    expect(seriesSplices.some((sp) => sp.at === 0 && sp.del > 0 && sp.rows.length === 0)).toBe(true);
    expect(seriesSplices.some((sp) => sp.del > 0 && (sp.rows.length > 0 || sp.set !== undefined))).toBe(true);
    expect(h.held.get(series)!.rows).toEqual(await rest('provenance.ai_share', h.held.get(series)!));
    expect(h.held.get(ranking)!.rows).toEqual(await rest('provenance.by_lang', h.held.get(ranking)!));
    expect(h.held.get(ranking)!.rows.length).toBeGreaterThan(1);
  });

  it('a write into a breakdown moves every share of its class: the delta carries the cells that changed, not the rows again', async () => {
    // Scored documents over the hour, two classes, spread over the detector's bins.
    const scored = Array.from({ length: 40 }, (_, i) =>
      crawlRow(rowNo++, { ts: clock.t - 50 * MIN + i * MIN, provenance: i % 2 === 0 ? 'ai' : 'human', ai_score: i / 40 + 0.01 })
    );
    expect((await ingest(s.url, 'crawl', scored)).status).toBe(200);
    const h = await holder();
    const key = await subscribe(h, 'provenance.detector_scores', VIEW);
    await settle([h]);
    const first = h.held.get(key)!;
    expect(first.rows.length).toBe(40);

    // One more AI document: one bin's count and all twenty AI shares change.
    expect((await ingest(s.url, 'crawl', [crawlRow(rowNo++, { ts: clock.t - 1_000, provenance: 'ai', ai_score: 0.97 })])).status).toBe(200);
    await settle([h]);
    expect(h.log.map((m) => m.kind)).toEqual(['data', 'delta']);
    const held = h.held.get(key)!;
    const changed = held.rows.filter((r, i) => JSON.stringify(r) !== JSON.stringify(first.rows[i])).length;
    expect(changed).toBe(20);
    const splices = h.log[1]!.splices!;
    // In place: no row is sent again, only the cells that changed.
    expect(splices.every((sp) => sp.rows.length === 0 && sp.set !== undefined)).toBe(true);
    expect(
      splices
        .flatMap((sp) => sp.set!)
        .flatMap((cells) => Object.keys(cells))
        .sort()
    ).toEqual(['docs', ...Array<string>(20).fill('share')]);
    expect(JSON.stringify(splices).length).toBeLessThan(JSON.stringify(held.rows).length / 3);
    expect(held.rows).toEqual(await rest('provenance.detector_scores', held));
  });
});

// A write reaching the overview's default six-year view over a real socket.io connection to a
// real server on the real engine. The hub runs on a manual clock and every refresh is an
// explicit step; the one seam is the hub's query runner, which runs the real panel SQL and then
// moves the clock on by what the test says the query took (a fast or a slow view). What a
// client received is read after a round trip on its connection, never after a sleep. The client
// holds rows as the browser does (the shared receiveDelta), and what it holds is compared with
// a fresh REST query of the same window.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, PanelData, PanelRow, ServerToClientEvents } from '../../src/lib/contract/socket';
import { isNewer, receiveDelta } from '../../src/lib/shared/live-delta';
import { refreshGap } from '../../server/live/hub';
import { CATALOGUE } from '../../server/panels/catalogue';
import { resolveTime } from '../../server/panels/time';
import { crawlWriter, startClockedServer } from '../helpers/clocked-server';
import { ManualClock } from '../helpers/manual-clock';
import type { TestServer } from '../helpers/server';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const DIRTY_DELAY = 25;
const MIN = 60_000;
const DAY = 86_400_000;
type Panel = 'provenance.ai_share' | 'provenance.human_tokens';
const defaults = (panel: Panel) => CATALOGUE.get(panel)!.info.defaults;
const clock = new ManualClock(Math.floor(Date.now() / MIN) * MIN - 30 * MIN + 10_000);
/** What each live query "takes" by the manual clock: set per test. */
const query = { ms: 0 };
let s: TestServer;
const addRows = crawlWriter(() => s);
const open: Client[] = [];

beforeAll(async () => {
  // A query's time passes without firing timers on the way.
  s = await startClockedServer(clock, { dirtyDelayMs: DIRTY_DELAY, afterQuery: () => (clock.t += query.ms) });
  // Rows over the six years: one a month, and a few in the open month.
  const start = resolveTime(defaults('provenance.ai_share').from, clock.t);
  const times = Array.from({ length: 70 }, (_, i) => start + 15 * DAY + i * 30 * DAY).filter((t) => t < clock.t - DAY);
  await addRows([...times, clock.t - 2 * MIN, clock.t - MIN]);
});

afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  // Let the hub drop the keys, so each test's subscription starts its key afresh.
  query.ms = 0;
  clock.advance(61_000);
  await s.app.hub.idle();
  await s.app.hub.tick();
});

afterAll(async () => {
  await s.close();
});

interface Holder {
  c: Client;
  held: PanelData | null;
  kinds: ('data' | 'delta')[];
}

/** A client on the overview's default view of the panel, holding its rows as the browser does. */
async function watcher(panel: Panel): Promise<Holder> {
  const c: Client = connect(s.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  open.push(c);
  const h: Holder = { c, held: null, kinds: [] };
  c.on('panel:data', (d) => {
    h.kinds.push('data');
    if (isNewer(d, h.held)) h.held = d;
  });
  c.on('panel:delta', (d) => {
    h.kinds.push('delta');
    const next = receiveDelta(h.held, d);
    if (next === 'gap') throw new Error(`delta for ${d.key} did not apply`);
    if (next !== 'old') h.held = next;
  });
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('connect_error', reject);
  });
  const ack = await new Promise<{ key?: string; error?: string }>((resolve) =>
    c.emit('subscribe', { panel, filters: {}, deltas: true }, resolve)
  );
  expect(ack.error).toBeUndefined();
  return h;
}

/** Moves the clock on (firing the hub's timers), waits for the passes, then a round trip. */
async function step(h: Holder, ms: number): Promise<void> {
  clock.advance(ms);
  await s.app.hub.idle();
  expect(await new Promise((resolve) => h.c.emit('unsubscribe', { key: 'not-a-key' }, resolve))).toEqual({
    error: 'not subscribed to that key'
  });
}

/** The REST answer for the window a pushed result was computed for: the default window, as absolute times. */
async function rest(panel: Panel, d: PanelData): Promise<PanelRow[]> {
  const to = Date.parse(d.as_of);
  const { from, grain } = defaults(panel);
  const q = new URLSearchParams({ from: new Date(resolveTime(from, to)).toISOString(), to: d.as_of, grain: grain! });
  const res = await fetch(`${s.url}/api/panels/${panel}?${q}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { rows: PanelRow[] }).rows;
}

/** A column of the month bucket that holds `t`. */
const valueAt = (rows: readonly PanelRow[], t: number, column = 'docs') => {
  const monthStart = Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), 1);
  return Number(rows.find((r) => Number(r.t) === monthStart)?.[column] ?? 0);
};

describe("a write reaching the overview's six-year view", () => {
  it("a write to the open month reaches the client as a delta well before the window's cap, and equals a fresh query", async () => {
    const cap = refreshGap(clock.t - resolveTime(defaults('provenance.ai_share').from, clock.t));
    expect(cap).toBe(5_000);
    query.ms = 20;
    const h = await watcher('provenance.ai_share');
    await step(h, DIRTY_DELAY);
    expect(h.kinds).toEqual(['data']);
    const before = h.held!;

    const writtenAt = clock.t;
    const ts = clock.t - 1_000;
    await addRows([ts]);
    // The ingest's pass comes inside the 40 ms rest (twice the 20 ms query): nothing yet.
    await step(h, DIRTY_DELAY);
    expect(h.kinds).toEqual(['data']);
    // The hub wakes when the rest ends, with no periodic tick.
    await step(h, 2 * query.ms - DIRTY_DELAY);
    expect(h.kinds).toEqual(['data', 'delta']);
    const after = h.held!;
    // The refresh started (as_of) when the rest ended, 40 ms after the write; the cap is 5 s.
    expect(Date.parse(after.as_of) - writtenAt).toBe(2 * query.ms);
    expect(Date.parse(after.as_of) - writtenAt).toBeLessThan(cap);
    expect(valueAt(after.rows, ts)).toBe(valueAt(before.rows, ts) + 1);
    expect(after.rows).toEqual(await rest('provenance.ai_share', after));
  });

  it('a backfill three years back shows after the timed refresh while the view is slow, and equals a fresh query', async () => {
    // Twice 3 s is over the cap: the view rests the whole 5 s after each query. (Human tokens
    // refresh on their own every 10 s from a query's start, after the rest ends.)
    query.ms = 3_000;
    const h = await watcher('provenance.human_tokens');
    await step(h, DIRTY_DELAY);
    expect(h.kinds).toEqual(['data']);
    const before = h.held!;
    const doneAt = clock.t;

    const ts = clock.t - 3 * 365 * DAY;
    await addRows([ts], { provenance: 'human', tokens: 777 });
    await step(h, DIRTY_DELAY);
    await step(h, 5_000 - DIRTY_DELAY - 1);
    expect(h.kinds).toEqual(['data']);
    await step(h, 1);
    expect(h.kinds).toEqual(['data', 'delta']);
    const after = h.held!;
    expect(Date.parse(after.as_of) - doneAt).toBe(5_000);
    expect(valueAt(after.rows, ts, 'human')).toBe(valueAt(before.rows, ts, 'human') + 777);
    expect(after.rows).toEqual(await rest('provenance.human_tokens', after));
  });

  it('a backfill reaches a fast view as soon as a write to the open month does: every refresh is a full query', async () => {
    query.ms = 0;
    const h = await watcher('provenance.ai_share');
    await step(h, DIRTY_DELAY);
    const before = h.held!;
    const old = clock.t - 5 * 365 * DAY;
    await addRows([old, clock.t - 1_000]);
    await step(h, DIRTY_DELAY);
    expect(h.kinds).toEqual(['data', 'delta']);
    const after = h.held!;
    expect(valueAt(after.rows, old)).toBe(valueAt(before.rows, old) + 1);
    expect(valueAt(after.rows, clock.t)).toBe(valueAt(before.rows, clock.t) + 1);
    expect(after.rows).toEqual(await rest('provenance.ai_share', after));
  });
});

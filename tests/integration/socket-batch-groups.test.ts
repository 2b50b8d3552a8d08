// Sockets grouped by what they watch: over real socket.io connections to a real server on the
// real engine, sockets that hold the same subscriptions receive byte-identical `panel:batch`
// packets for a refresh pass (one encoding shared by all of them), and a socket with other
// subscriptions receives only its own panels' results, in one message. The hub runs on a manual
// clock; what a client received is read after a round trip on its connection, never after a sleep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveLog, roundTrip, subscribeLive, type LiveLog } from '../helpers/live-log';
import { ManualClock } from '../helpers/manual-clock';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

const DIRTY_DELAY = 25;
const MIN = 60_000;
// Half an hour behind real time, so no row written here is in the engine's future.
const clock = new ManualClock(Math.floor(Date.now() / MIN) * MIN - 30 * MIN + 10_000);
const START = clock.t;
const VIEW = { from: 'now-1h', to: 'now', grain: 'minute' } as const;
const [P1, P2, P3] = ['provenance.ai_share', 'provenance.by_lang', 'provenance.by_content_type'] as const;
let s: TestServer;
let rowNo = 0;

beforeAll(async () => {
  s = await startServer({ app: { hub: { now: clock.now, timers: clock, dirtyDelayMs: DIRTY_DELAY } } });
  await addRows(Array.from({ length: 12 }, (_, i) => START - 50 * MIN + i * 4 * MIN));
});

afterAll(async () => {
  await s.close();
});

/** Rows in every language and content type, so each of the three views changes. */
async function addRows(times: number[]): Promise<void> {
  const langs = ['en', 'de', 'fr'];
  const types = ['article', 'forum'];
  const r = await ingest(
    s.url,
    'crawl',
    times.map((ts) => crawlRow(rowNo, { ts, lang: langs[rowNo % 3], content_type: types[rowNo++ % 2] }))
  );
  expect(r.status).toBe(200);
}

const client = (batch = true): Promise<LiveLog> => liveLog(s.url, batch);
const subscribe = (l: LiveLog, panel: string): Promise<string> => subscribeLive(l, panel, VIEW);

async function settle(ls: LiveLog[]): Promise<void> {
  clock.advance(DIRTY_DELAY);
  await s.app.hub.idle();
  for (const l of ls) await roundTrip(l);
}

describe('sockets grouped by their subscriptions', () => {
  it('sends sockets with the same subscriptions identical batches, and each other socket only its own panels', async () => {
    // Three screens on the same two views, one on another pair, one on a view of its own.
    const same = [await client(), await client(), await client()];
    const other = await client();
    const alone = await client();
    const all = [...same, other, alone];
    const key: Record<string, string> = {};
    for (const l of same) for (const p of [P1, P2]) key[p] = await subscribe(l, p);
    for (const p of [P2, P3]) key[p] = await subscribe(other, p);
    expect(await subscribe(alone, P3)).toBe(key[P3]);
    await settle(all);
    const before = all.map((l) => ({ messages: l.messages.length, packets: l.packets.length }));

    // One write changes all three views: one refresh pass, one message to each socket.
    await addRows([clock.t - 5_000, clock.t - 4_000, clock.t - 3_000]);
    await settle(all);
    all.forEach((l, i) => {
      expect(l.messages).toHaveLength(before[i]!.messages + 1);
      expect(l.packets).toHaveLength(before[i]!.packets + 1);
    });
    const last = (l: LiveLog) => ({ message: l.messages.at(-1)!, packet: l.packets.at(-1)! });

    // The same subscriptions: one batch with both of their views, byte for byte the same packet.
    const first = last(same[0]!);
    expect(first.message.event).toBe('panel:batch');
    expect([...first.message.keys].sort()).toEqual([key[P1], key[P2]].sort());
    for (const l of same.slice(1)) expect(last(l).packet).toBe(first.packet);

    // Other subscriptions: only their own views, never the first group's P1.
    const theirs = last(other);
    expect(theirs.message.event).toBe('panel:batch');
    expect([...theirs.message.keys].sort()).toEqual([key[P2], key[P3]].sort());
    expect(theirs.packet).not.toBe(first.packet);
    // A single view's change goes as the plain event (a delta, or the whole result when that is smaller), not a batch.
    expect(last(alone).message.keys).toEqual([key[P3]]);
    expect(last(alone).message.event).not.toBe('panel:batch');

    // Every screen holds the same result for a view it shares with others.
    for (const l of same) expect(l.held.get(key[P2]!)).toEqual(other.held.get(key[P2]!));
    expect(other.held.get(key[P3]!)).toEqual(alone.held.get(key[P3]!));
    expect(same[0]!.held.has(key[P3]!)).toBe(false);
    expect(alone.held.has(key[P1]!)).toBe(false);
    for (const l of all) l.c.close();
  });
});

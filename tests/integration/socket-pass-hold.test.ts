// A refresh pass's results wait for its end at most passHoldMs (50 ms) from the first one held:
// over real socket.io connections to a real server on the real engine, with the hub on a manual
// clock whose query runner runs the real panel SQL and then moves the clock on by what the test
// says each query took (firing the timers due on the way, the hold's among them). One query at a
// time, as the embedded engine runs them. What a client received is read after a round trip on
// its connection, never after a sleep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlWriter, startClockedServer } from '../helpers/clocked-server';
import { liveLog, roundTrip, subscribeLive, type LiveLog } from '../helpers/live-log';
import { ManualClock } from '../helpers/manual-clock';
import type { TestServer } from '../helpers/server';

const DIRTY_DELAY = 25;
const MIN = 60_000;
// Half an hour behind real time, so no row written here is in the engine's future.
const clock = new ManualClock(Math.floor(Date.now() / MIN) * MIN - 30 * MIN + 10_000);
const VIEW = { from: 'now-1h', to: 'now', grain: 'minute' } as const;
const PANELS = ['provenance.ai_share', 'provenance.by_lang', 'provenance.by_content_type'];
/** What each live query "takes" by the manual clock. */
const query = { ms: 0 };
let s: TestServer;
const addRows = crawlWriter(() => s, ['en', 'de', 'fr']);

beforeAll(async () => {
  s = await startClockedServer(clock, { dirtyDelayMs: DIRTY_DELAY, concurrency: 1, afterQuery: () => clock.advance(query.ms) });
  await addRows(Array.from({ length: 20 }, (_, i) => clock.t - 60 * MIN + i * 3 * MIN + 5_000));
});

afterAll(async () => {
  await s.close();
});

async function settle(ls: LiveLog[]): Promise<void> {
  clock.advance(DIRTY_DELAY);
  await s.app.hub.idle();
  for (const l of ls) await roundTrip(l);
}

describe('results held for the end of a pass', () => {
  it('go out together when the pass is quick, and as soon as the first has waited 50 ms when it is slow', async () => {
    const batched = await liveLog(s.url, true);
    const plain = await liveLog(s.url, false);
    const keys: string[] = [];
    for (const panel of PANELS) {
      keys.push(await subscribeLive(batched, panel, VIEW));
      expect(await subscribeLive(plain, panel, VIEW)).toBe(keys.at(-1));
    }
    await settle([batched, plain]);
    expect(new Set(batched.messages.flatMap((m) => m.keys))).toEqual(new Set(keys));

    // Quick queries (10 ms each): the pass ends 30 ms after its first result, and its three
    // changes go in one message.
    query.ms = 10;
    let at = batched.messages.length;
    await addRows([clock.t - 5_000, clock.t - 4_000]);
    await settle([batched, plain]);
    expect(batched.messages.slice(at).map((m) => [m.event, new Set(m.keys)])).toEqual([['panel:batch', new Set(keys)]]);

    // Slow queries (30 ms each): the first result has waited 50 ms when the third query ends, so
    // the first two go then, and the third at the end of the pass.
    query.ms = 30;
    at = batched.messages.length;
    const plainAt = plain.messages.length;
    await addRows([clock.t - 3_000, clock.t - 2_000]);
    await settle([batched, plain]);
    const sent = batched.messages.slice(at);
    // The third alone: a delta, or the whole result when that is no bigger (one content type).
    expect(sent.map((m) => m.keys.length)).toEqual([2, 1]);
    expect(sent[0]!.event).toBe('panel:batch');
    expect(sent[1]!.event).not.toBe('panel:batch');
    expect(new Set(sent.flatMap((m) => m.keys))).toEqual(new Set(keys));
    // The client without batches gets the same results one message each, in the same order.
    expect(plain.messages.slice(plainAt).flatMap((m) => m.keys)).toEqual(sent.flatMap((m) => m.keys));
    for (const k of keys) expect(batched.held.get(k)).toEqual(plain.held.get(k));
    for (const l of [batched, plain]) l.c.close();
  });
});

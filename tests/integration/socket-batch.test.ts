// One message per socket per refresh pass: over real socket.io connections to a real server on
// the real engine, a client that asked for batches gets all the changes a pass finds in one
// `panel:batch`, a client that did not gets them one by one, and the live metrics, counted once
// per broadcast, add up to the bytes and results the clients received. The hub runs on a manual
// clock; what a client received is read after a round trip on its connection, never after a sleep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlWriter, startClockedServer } from '../helpers/clocked-server';
import { liveLog, roundTrip, subscribeLive, type LiveLog } from '../helpers/live-log';
import { ManualClock } from '../helpers/manual-clock';
import type { TestServer } from '../helpers/server';

const DIRTY_DELAY = 25;
const MIN = 60_000;
// Half an hour behind real time, so no row written here is in the engine's future.
const clock = new ManualClock(Math.floor(Date.now() / MIN) * MIN - 30 * MIN + 10_000);
const START = clock.t;
const VIEW = { from: 'now-1h', to: 'now', grain: 'minute' } as const;
const PANELS = ['provenance.ai_share', 'provenance.by_lang', 'provenance.by_content_type'];
let s: TestServer;
const addRows = crawlWriter(() => s, ['en', 'de', 'fr']);

beforeAll(async () => {
  s = await startClockedServer(clock, { dirtyDelayMs: DIRTY_DELAY });
  await addRows(Array.from({ length: 20 }, (_, i) => START - 60 * MIN + i * 3 * MIN + 5_000));
});

afterAll(async () => {
  await s.close();
});

const client = (batch = true): Promise<LiveLog> => liveLog(s.url, batch);
/** Bytes of the live-result packets a client received (the socket.io packet text). */
const bytes = (l: LiveLog): number => l.packets.reduce((n, p) => n + Buffer.byteLength(p), 0);
const subscribe = (l: LiveLog, panel: string): Promise<string> => subscribeLive(l, panel, VIEW);

async function settle(ls: LiveLog[], ms = DIRTY_DELAY): Promise<void> {
  clock.advance(ms);
  await s.app.hub.idle();
  for (const l of ls) await roundTrip(l);
}

async function sentMetrics(): Promise<{ bytes: number; messages: number }> {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const total = (name: string) =>
    [...text.matchAll(new RegExp(`^${name}\\{kind="(?:snapshot|delta)"\\} (\\d+)`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  return { bytes: total('pdo_live_sent_bytes_total'), messages: total('pdo_live_sent_messages_total') };
}

describe('one message per socket per refresh pass', () => {
  it('sends a batching client the changes a pass finds in one panel:batch, others one message a result, and counts the bytes once per broadcast', async () => {
    const before = await sentMetrics();
    const batched = await client(true);
    const plain = await client(false);
    const keys: string[] = [];
    for (const panel of PANELS) {
      keys.push(await subscribe(batched, panel));
      expect(await subscribe(plain, panel)).toBe(keys.at(-1));
    }
    // First results are not held for the rest of their pass: whatever is ready at the end of a
    // turn goes, so the batching client gets the three in one to three messages.
    await settle([batched, plain]);
    const firstKeys = batched.messages.flatMap((m) => m.keys);
    expect([...firstKeys].sort()).toEqual([...keys].sort());
    expect(plain.messages.map((m) => m.event)).toEqual(['panel:data', 'panel:data', 'panel:data']);
    const afterFirst = batched.messages.length;

    // A write changes all three views: their changes wait for the pass to end and go to the
    // batching client in one message.
    await addRows([clock.t - 5_000, clock.t - 4_000]);
    await settle([batched, plain]);
    expect(batched.messages).toHaveLength(afterFirst + 1);
    const second = batched.messages[afterFirst]!;
    expect(second.event).toBe('panel:batch');
    expect([...second.keys].sort()).toEqual([...keys].sort());
    expect(plain.messages.slice(3).map((m) => m.keys)).toEqual(second.keys.map((k) => [k]));
    for (const k of keys) expect(batched.held.get(k)).toEqual(plain.held.get(k));

    // With one view left, a pass has one result for it: that goes as the plain event, not a batch.
    for (const l of [batched, plain]) {
      for (const k of keys.slice(1)) expect(await new Promise((r) => l.c.emit('unsubscribe', { key: k }, r))).toEqual({ ok: true });
    }
    await addRows([clock.t - 3_000]);
    await settle([batched, plain]);
    expect(batched.messages.at(-1)).toEqual({ event: 'panel:delta', keys: [keys[0]] });
    expect(plain.messages.at(-1)).toEqual({ event: 'panel:delta', keys: [keys[0]] });

    // The metrics say what the two clients received, result by result and byte by byte.
    const after = await sentMetrics();
    expect(after.messages - before.messages).toBe(batched.results + plain.results);
    expect(batched.results).toBe(7);
    expect(plain.results).toBe(7);
    expect(after.bytes - before.bytes).toBe(bytes(batched) + bytes(plain));
    for (const l of [batched, plain]) l.c.close();
  });
});

// The live hub over the real embedded engine, driven by a manual clock: every refresh pass is an
// explicit step, so each rule (key sharing, refresh gap, unchanged results, backoff, degraded
// status, idle drop, waiting subscribers) is checked at the exact millisecond it takes effect.
// The only seam is the query runner: it runs the real panel SQL and, on cue, fails the way a
// sick engine does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PanelData } from '../../src/lib/contract/socket';
import { embeddedConfig, openEngine, type Engine } from '../../server/engine/engine';
import { migrate } from '../../server/engine/migrations';
import { IngestPipeline } from '../../server/ingest/pipeline';
import { Hub, type Change, type HubOptions } from '../../server/live/hub';
import { applySplices } from '../../src/lib/shared/row-delta';
import { silentLogger } from '../../server/log';
import { createMetrics } from '../../server/metrics/metrics';
import { runPanel } from '../../server/panels/run';
import { projectRoot } from '../../server/paths';
import { ManualClock } from '../helpers/manual-clock';
import { crawlRow } from '../helpers/server';

/** A fixed "now": views like now-1d resolve to the same window on every run, whatever the date. */
const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const MIN = 60_000;
/** One day at day grain: read from the daily rollup, refreshed after every ingest (gap 0). */
const DAY_VIEW = { from: 'now-1d', to: 'now', grain: 'day' };
const DIRTY_DELAY = 25;

let dir = '';
let engine: Engine;
let ingest: IngestPipeline;
let hub: Hub | null = null;
let rowNo = 0;
const metrics = createMetrics();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdo-hub-'));
  engine = await openEngine(embeddedConfig(dir));
  await migrate(engine, join(projectRoot(), 'clickhouse/migrations'));
  ingest = new IngestPipeline(engine, (stream) => hub?.markDirty(stream));
  await addRows(20);
});

afterEach(async () => {
  await hub?.stop();
  hub = null;
});

afterAll(async () => {
  await ingest?.drain();
  await engine?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Crawl rows in the hour before NOW, through the real ingest pipeline (which marks the hub dirty). */
async function addRows(n: number): Promise<void> {
  const rows = Array.from({ length: n }, () => crawlRow(rowNo, { ts: NOW - 30 * MIN - rowNo++ * 1000 }));
  await ingest.write('crawl', rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

interface Rig {
  hub: Hub;
  clock: ManualClock;
  /** Clock time of every query the hub ran, by key. */
  queries: { key: string; at: number }[];
  pushes: { d: PanelData; only: readonly string[] | undefined; change?: Change }[];
  /** While true, the engine "fails": every query rejects. */
  failing: { on: boolean };
  /** Moves the clock on (firing the hub's timers) and waits for the passes that started. */
  step(ms: number): Promise<void>;
  /** Moves the clock on without firing the ingest timer's pass, then runs one pass explicitly. */
  tickAt(ms: number): Promise<void>;
  queriesOf(key: string): number[];
}

/**
 * `queryMs`: how long each query takes by the manual clock (the clock moves on by that much while
 * the real query runs, firing no timer), for the rules that depend on a view's query being slow.
 * `costMs`: what the runner reports each query cost (the engine's own time, say); without it the
 * runner reports rows alone and the hub's clock stands in.
 */
function rig(opts: HubOptions = {}, queryMs = 0, costMs?: number | null): Rig {
  const clock = new ManualClock(NOW);
  const queries: Rig['queries'] = [];
  const pushes: Rig['pushes'] = [];
  const failing = { on: false };
  const h = new Hub(engine, silentLogger, metrics, {
    now: clock.now,
    timers: clock,
    dirtyDelayMs: DIRTY_DELAY,
    ...opts,
    run: async (def, view, tag) => {
      queries.push({ key: tag.replace(/^live /, ''), at: clock.now() });
      if (failing.on) throw new Error('engine down (test)');
      const rows = await runPanel(engine, metrics, def, view, tag);
      clock.t += queryMs;
      return costMs === undefined ? rows : { rows, costMs };
    }
  });
  h.onData((d, only, change) => pushes.push({ d, only, change }));
  hub = h;
  return {
    hub: h,
    clock,
    queries,
    pushes,
    failing,
    async step(ms) {
      clock.advance(ms);
      await h.idle();
    },
    async tickAt(ms) {
      clock.advance(ms);
      await h.idle();
      await h.tick();
    },
    queriesOf: (key) => queries.filter((q) => q.key === key).map((q) => q.at)
  };
}

const docs = (d: PanelData) => d.rows.reduce((n, r) => n + Number(r.docs), 0);

describe('key sharing', () => {
  it.each([
    ['the same filters', true, { ...DAY_VIEW, lang: ['en', 'de'] }, { ...DAY_VIEW, lang: ['en', 'de'] }],
    ['filter values in another order, repeated', true, { ...DAY_VIEW, lang: ['en', 'de'] }, { ...DAY_VIEW, lang: ['de', 'en', 'en'] }],
    ['the same fields in another order', true, { from: 'now-1d', to: 'now', grain: 'day' }, { grain: 'day', to: 'now', from: 'now-1d' }],
    ['another filter value', false, { ...DAY_VIEW, lang: ['en'] }, { ...DAY_VIEW, lang: ['de'] }],
    ['another window', false, DAY_VIEW, { ...DAY_VIEW, from: 'now-2d' }]
  ])('%s: one key %s', async (_, shared, a, b) => {
    const r = rig();
    const ka = r.hub.subscribe('provenance.ai_share', a, 'A').key;
    const kb = r.hub.subscribe('provenance.ai_share', b, 'B').key;
    expect(ka === kb).toBe(shared);
    await r.step(DIRTY_DELAY);
    // One query per distinct key, however many subscribers, and one push each to the whole key.
    const keys = [...new Set([ka, kb])].sort();
    expect(r.queries.map((q) => q.key).sort()).toEqual(keys);
    expect(r.pushes.map((p) => [p.d.key, p.only]).sort()).toEqual(keys.map((k) => [k, undefined]));
    expect(r.hub.activeKeys()).toBe(shared ? 1 : 2);
  });

  it('gives a late subscriber the fresh cached result at once, without a query', async () => {
    const r = rig();
    const { key } = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    await r.step(DIRTY_DELAY);
    await r.step(1000);
    const late = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'B');
    expect(late.key).toBe(key);
    expect(late.cached).toEqual(r.pushes[0]?.d);
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(key)).toHaveLength(1);
    expect(r.pushes).toHaveLength(1);
  });
});

describe('rest after ingest', () => {
  // Twice 2.6 s is over every cap; the panel's own refresh interval (10 s, from the query's start)
  // falls after every rest, so only the rest decides.
  const SLOW = 2_600;
  it.each([
    ['an hour at minute grain', 0, { from: 'now-1h', grain: 'minute' }],
    ['a day at day grain', 0, { from: 'now-1d', grain: 'day' }],
    ['a week', 1_000, { from: 'now-7d', grain: 'day' }],
    ['a month', 3_000, { from: 'now-30d', grain: 'day' }],
    ['a quarter', 3_000, { from: 'now-92d', grain: 'day' }],
    ['a year', 5_000, { from: 'now-1y', grain: 'month' }]
  ])('%s, its query slow: the refresh an ingest triggers rests the window cap of %i ms after the last query', async (_, gap, view) => {
    const r = rig({}, SLOW);
    const { key } = r.hub.subscribe('provenance.human_tokens', { to: 'now', ...view }, 'A');
    // The first result does not wait for anything.
    await r.step(DIRTY_DELAY);
    const [first] = r.queriesOf(key);
    expect(first).toBe(NOW + DIRTY_DELAY);
    const done = first! + SLOW;
    expect(r.clock.t).toBe(done);
    r.hub.markDirty('crawl');
    if (gap > DIRTY_DELAY) {
      // The ingest's own pass, then one a millisecond before the rest ends: neither queries.
      await r.tickAt(gap - 1);
      expect(r.queriesOf(key)).toEqual([first]);
      // The hub wakes itself when the rest ends: no periodic tick runs in this rig.
      await r.step(1);
    } else {
      await r.step(DIRTY_DELAY);
    }
    expect(r.queriesOf(key)).toEqual([first, done + Math.max(gap, DIRTY_DELAY)]);
  });

  it.each([
    ['a week', { from: 'now-7d', grain: 'day' }],
    ["six years, the overview's default", { from: 'now-6y', grain: 'month' }]
  ])('%s, its query fast: rests twice the query time, then refreshes without waiting for a tick', async (_, view) => {
    const QUERY = 30;
    const r = rig({}, QUERY);
    const { key } = r.hub.subscribe('provenance.ai_share', { to: 'now', ...view }, 'A');
    await r.step(DIRTY_DELAY);
    const done = NOW + DIRTY_DELAY + QUERY;
    r.hub.markDirty('crawl');
    // The ingest's pass comes 25 ms after the query ended, inside its 60 ms rest: no query.
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(key)).toHaveLength(1);
    await r.step(2 * QUERY - DIRTY_DELAY - 1);
    expect(r.queriesOf(key)).toHaveLength(1);
    await r.step(1);
    expect(r.queriesOf(key)).toEqual([NOW + DIRTY_DELAY, done + 2 * QUERY]);
  });

  it.each([
    ['a week', { from: 'now-7d', grain: 'day' }, 30],
    ["six years, the overview's default", { from: 'now-6y', grain: 'month' }, 400]
  ])('%s, its query waiting long by the clock but costing %i ms: rests twice what it cost, not twice the wait', async (_, view, cost) => {
    // 2.6 s by the clock would rest the window's whole cap (1 s, 5 s).
    const r = rig({}, SLOW, cost);
    const { key } = r.hub.subscribe('provenance.ai_share', { to: 'now', ...view }, 'A');
    await r.step(DIRTY_DELAY);
    const done = NOW + DIRTY_DELAY + SLOW;
    expect(r.clock.t).toBe(done);
    r.hub.markDirty('crawl');
    // The ingest's own pass, then one a millisecond before the rest ends: neither queries.
    await r.tickAt(2 * cost - 1);
    expect(r.queriesOf(key)).toHaveLength(1);
    await r.step(1);
    expect(r.queriesOf(key)).toEqual([NOW + DIRTY_DELAY, done + 2 * cost]);
  });

  it("rests by the hub's clock when the runner reports no cost", async () => {
    const r = rig({}, SLOW, null);
    const { key } = r.hub.subscribe('provenance.ai_share', { to: 'now', from: 'now-7d', grain: 'day' }, 'A');
    await r.step(DIRTY_DELAY);
    const done = NOW + DIRTY_DELAY + SLOW;
    r.hub.markDirty('crawl');
    // Twice 2.6 s is over the week's cap: the whole second.
    await r.tickAt(1_000 - 1);
    expect(r.queriesOf(key)).toHaveLength(1);
    await r.step(1);
    expect(r.queriesOf(key)).toEqual([NOW + DIRTY_DELAY, done + 1_000]);
  });

  it('an ingest into an idle hub refreshes after the idle delay; one during or just after a pass, after the full delay', async () => {
    const IDLE = 5;
    const r = rig({ idleDirtyDelayMs: IDLE });
    const { key } = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    // Idle: the subscription's first query comes after the short delay.
    await r.step(IDLE);
    expect(r.queriesOf(key)).toEqual([NOW + IDLE]);
    // Just after that pass (the hub is not idle for 25 ms): the full delay.
    r.hub.markDirty('crawl');
    await r.step(DIRTY_DELAY - 1);
    expect(r.queriesOf(key)).toHaveLength(1);
    await r.step(1);
    expect(r.queriesOf(key)).toEqual([NOW + IDLE, NOW + IDLE + DIRTY_DELAY]);
    // Long after it: idle again.
    await r.step(DIRTY_DELAY);
    r.hub.markDirty('crawl');
    await r.step(IDLE);
    expect(r.queriesOf(key)).toEqual([NOW + IDLE, NOW + IDLE + DIRTY_DELAY, NOW + IDLE + 2 * DIRTY_DELAY + IDLE]);
  });

  it('without ingest, re-queries a key only when its refresh interval has passed', async () => {
    const r = rig();
    const { key } = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    await r.step(DIRTY_DELAY);
    await r.tickAt(5_000 - 1);
    expect(r.queriesOf(key)).toHaveLength(1);
    await r.tickAt(1);
    expect(r.queriesOf(key)).toEqual([NOW + DIRTY_DELAY, NOW + DIRTY_DELAY + 5_000]);
  });
});

describe('a pass under way', () => {
  it('takes in a key a write made due while it runs, without waiting for its slow query to end', async () => {
    const clock = new ManualClock(NOW);
    let release = () => {};
    const slowQuery = new Promise<void>((resolve) => (release = resolve));
    const SLOW_VIEW = { from: 'now-2d', to: 'now', grain: 'day' };
    const runs: string[] = [];
    const pushed: PanelData[] = [];
    let passEnds = 0;
    let onPush = (_: PanelData) => {};
    const h = new Hub(engine, silentLogger, metrics, {
      now: clock.now,
      timers: clock,
      dirtyDelayMs: DIRTY_DELAY,
      concurrency: 2,
      run: async (def, view, tag) => {
        const key = tag.replace(/^live /, '');
        runs.push(key);
        // The two-day view's query "runs" until the test ends it.
        if (key.includes('now-2d')) await slowQuery;
        return runPanel(engine, metrics, def, view, tag);
      }
    });
    hub = h;
    h.onData((d) => {
      pushed.push(d);
      onPush(d);
    });
    h.onPassEnd(() => passEnds++);
    // Should a check fail, the pass can still end, and afterEach's stop returns.
    try {
      const fast = h.subscribe('provenance.ai_share', DAY_VIEW, 'A').key;
      clock.advance(DIRTY_DELAY);
      await h.idle();
      expect(pushed.map((d) => d.key)).toEqual([fast]);
      const before = docs(pushed[0] as PanelData);

      // A second viewer's view starts a pass, whose query does not end.
      const slow = h.subscribe('provenance.ai_share', SLOW_VIEW, 'B').key;
      clock.advance(DIRTY_DELAY);
      expect(runs).toEqual([fast, slow]);
      const ended = passEnds;

      // A write marks the one-day view due; after the dirty delay it runs in the pass under way.
      const refreshed = new Promise<PanelData>((resolve) => (onPush = (d) => d.key === fast && resolve(d)));
      await addRows(1);
      clock.advance(DIRTY_DELAY);
      // Its query started at once, beside the slow one.
      expect(runs).toEqual([fast, slow, fast]);
      const d = await refreshed;
      expect(docs(d)).toBe(before + 1);
      // The pass has not ended: its slow query still runs.
      expect(passEnds).toBe(ended);

      release();
      await h.idle();
      expect(pushed.map((p) => p.key)).toEqual([fast, fast, slow]);
      expect(passEnds).toBeGreaterThan(ended);
    } finally {
      release();
    }
  });
});

describe('unchanged results', () => {
  it('re-queries on every dirty mark but pushes only a result that changed, with a higher seq', async () => {
    const r = rig();
    const { key } = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    await r.step(DIRTY_DELAY);
    expect(r.pushes).toHaveLength(1);
    const first = r.pushes[0]!.d;
    // Nothing was written: the hub asks the engine again, gets the same rows, sends nothing.
    for (let i = 0; i < 3; i++) {
      r.hub.markDirty('crawl');
      await r.step(DIRTY_DELAY);
    }
    expect(r.queriesOf(key)).toHaveLength(4);
    expect(r.pushes).toHaveLength(1);
    // A write to a stream the panel does not read does not even query.
    r.hub.markDirty('market');
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(key)).toHaveLength(4);
    // A real write through the ingest pipeline changes the rows: pushed to the key, seq grows.
    await addRows(1);
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(key)).toHaveLength(5);
    expect(r.pushes).toHaveLength(2);
    const second = r.pushes[1]!;
    expect(second.only).toBeUndefined();
    expect(second.d.seq).toBeGreaterThan(first.seq);
    expect(docs(second.d)).toBe(docs(first) + 1);
  });

  it("refreshes the marker panel after crawl files' records, not after crawl documents alone", async () => {
    const r = rig();
    const markers = r.hub.subscribe('provenance.marker_words', {}, 'A').key;
    const share = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A').key;
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(markers)).toHaveLength(1);
    expect(r.queriesOf(share)).toHaveLength(1);
    // A crawl NDJSON write: documents only. The share is asked again, the marker panel is not.
    await addRows(1);
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(share)).toHaveLength(2);
    expect(r.queriesOf(markers)).toHaveLength(1);
    // The records of a crawl file (written after its documents) reach the marker panel alone.
    r.hub.markDirty('crawl_files');
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(markers)).toHaveLength(2);
    expect(r.queriesOf(share)).toHaveLength(2);
  });

  it('refreshes the forecast panel after a training write, not after a crawl write', async () => {
    const r = rig();
    const forecast = r.hub.subscribe('forecast.peak_data', {}, 'A').key;
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(forecast)).toHaveLength(1);
    await addRows(1);
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(forecast)).toHaveLength(1);
    r.hub.markDirty('training');
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(forecast)).toHaveLength(2);
  });
});

describe('quiet', () => {
  it('resolves only once the refreshes the writes asked for have run', async () => {
    const r = rig();
    const { key } = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    await r.step(DIRTY_DELAY);
    await r.hub.quiet();
    expect(r.queriesOf(key)).toHaveLength(1);
    // A write marks the key: quiet waits for the pass that runs it, which the delay's timer starts.
    r.hub.markDirty('crawl');
    let done = false;
    const quiet = r.hub.quiet().then(() => (done = true));
    await new Promise(setImmediate);
    expect(done).toBe(false);
    await r.step(DIRTY_DELAY);
    await quiet;
    expect(r.queriesOf(key)).toHaveLength(2);
  });
});

describe('deltas', () => {
  it('computes one delta per change against the last rows pushed; the first result and waiting viewers get it whole', async () => {
    // Rows on each of the twelve days before NOW: a month at day grain has rows for each day.
    const spread = Array.from({ length: 12 }, (_, d) => crawlRow(1000 + d, { ts: NOW - (d + 1) * 86_400_000 + 60_000 }));
    await ingest.write('crawl', spread.map((row) => JSON.stringify(row)).join('\n') + '\n');
    const r = rig();
    const view = { from: 'now-30d', to: 'now', grain: 'day' };
    r.hub.subscribe('provenance.ai_share', view, 'A');
    await r.step(DIRTY_DELAY);
    expect(r.pushes[0]!.change).toEqual({ delta: null, waiting: ['A'] });
    // A new viewer joins a stale key, then a write changes the rows.
    r.hub.markDirty('crawl');
    r.hub.subscribe('provenance.ai_share', view, 'B');
    await addRows(1);
    await r.step(DIRTY_DELAY);
    const [first, second] = r.pushes;
    const delta = second!.change!.delta!;
    expect(second!.change!.waiting).toEqual(['B']);
    expect(delta).toMatchObject({ key: second!.d.key, seq: second!.d.seq, base: first!.d.seq, run: r.hub.runId, as_of: second!.d.as_of });
    expect(applySplices(first!.d.rows, delta.splices)).toEqual(second!.d.rows);
    // One new row today: only today's rows are carried (whole, or their changed cells), not the
    // twelve days before.
    const carried = delta.splices.reduce((n, sp) => n + sp.rows.length + (sp.set?.length ?? 0), 0);
    expect(carried).toBeGreaterThan(0);
    expect(carried).toBeLessThan(second!.d.rows.length);
    expect(r.hub.current(second!.d.key, 'B')).toBe(second!.d);
    expect(r.hub.current(second!.d.key, 'C')).toBeNull();
  });
});

describe('backoff and recovery', () => {
  it('waits 2 s, 4 s, 8 s ... up to a minute between attempts on a failing engine, then recovers', async () => {
    const r = rig();
    const { key } = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    r.failing.on = true;
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(key)).toHaveLength(1);
    const waits = [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000];
    for (const [i, wait] of waits.entries()) {
      // Ingest does not cut the backoff short.
      r.hub.markDirty('crawl');
      await r.tickAt(wait - 1);
      expect(r.queriesOf(key), `attempt ${i + 2} not before ${wait} ms`).toHaveLength(i + 1);
      await r.tickAt(1);
      expect(r.queriesOf(key), `attempt ${i + 2} at ${wait} ms`).toHaveLength(i + 2);
    }
    expect(r.pushes).toHaveLength(0);
    r.failing.on = false;
    await r.tickAt(60_000);
    expect(r.queriesOf(key)).toHaveLength(waits.length + 2);
    expect(r.pushes).toHaveLength(1);
    expect(docs(r.pushes[0]!.d)).toBeGreaterThan(0);
    // Recovered: back to the normal rules (ingest refreshes after the gap, here none).
    r.hub.markDirty('crawl');
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(key)).toHaveLength(waits.length + 3);
  });
});

describe('degraded status', () => {
  it.each([
    ['fresh after a success', [false], false, 0],
    ['degraded after a failure', [false, true], true, DIRTY_DELAY],
    ['degraded while failing again', [false, true, true], true, DIRTY_DELAY + 2_000],
    ['clear once a query succeeds again', [false, true, true, false], false, 0]
  ])('%s', async (_, outcomes, degraded, lag) => {
    const r = rig();
    r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    expect(r.hub.status()).toEqual({ engine: engine.kind, degraded: false, lag_ms: 0 });
    // Each outcome is one attempt after an ingest, made as soon as the backoff allows.
    let failures = 0;
    for (const fail of outcomes) {
      r.failing.on = fail;
      r.hub.markDirty('crawl');
      await r.tickAt(failures === 0 ? DIRTY_DELAY : 1000 * 2 ** failures);
      failures = fail ? failures + 1 : 0;
    }
    expect(r.queries).toHaveLength(outcomes.length);
    // Lag is measured from the last success: it grows while the engine fails.
    expect(r.hub.status()).toEqual({ engine: engine.kind, degraded, lag_ms: lag });
  });
});

describe('idle keys', () => {
  it.each([
    ['kept for a viewer who comes back within the keep time', 60_000, true],
    ['dropped after the keep time', 60_001, false]
  ])('%s', async (_, away, kept) => {
    const r = rig({ idleKeepMs: 60_000 });
    const { key } = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    await r.step(DIRTY_DELAY);
    expect(r.hub.unsubscribe(key, 'A')).toBe(true);
    expect(r.hub.activeKeys()).toBe(0);
    // Nobody watches: ingest and time pass without a query.
    r.hub.markDirty('crawl');
    await r.tickAt(away);
    expect(r.queriesOf(key)).toHaveLength(1);
    // Coming back: a kept key still has its last result (stale now, so the viewer waits for one
    // refresh, and an unchanged result goes to that viewer alone); a dropped one starts over.
    r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(key)).toHaveLength(2);
    expect(r.pushes.map((p) => p.only)).toEqual(kept ? [undefined, ['A']] : [undefined, undefined]);
    expect(r.pushes[1]!.d.seq > r.pushes[0]!.d.seq).toBe(!kept);
  });

  it('unsubscribing a key one does not hold changes nothing', () => {
    const r = rig();
    const { key } = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    expect(r.hub.unsubscribe(key, 'B')).toBe(false);
    expect(r.hub.unsubscribe('provenance.nope', 'A')).toBe(false);
    expect(r.hub.activeKeys()).toBe(1);
  });
});

describe('waiting subscribers', () => {
  it.each([
    ['the key was marked dirty, the result is unchanged', 'dirty', false],
    ['the refresh interval passed, the result is unchanged', 'interval', false],
    ['new rows arrived while the key was stale', 'dirty', true]
  ])('%s: the newcomer waits for the refresh instead of getting the stale result', async (_, stale, changed) => {
    const r = rig();
    const { key } = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    await r.step(DIRTY_DELAY);
    if (stale === 'dirty') r.hub.markDirty('crawl');
    else r.clock.advance(5_000);
    const b = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'B');
    expect(b).toEqual({ key, cached: null });
    if (changed) await addRows(1);
    await r.step(DIRTY_DELAY);
    expect(r.queriesOf(key)).toHaveLength(2);
    expect(r.pushes).toHaveLength(2);
    // Unchanged: only the one waiting gets it, A already has it. Changed: everyone gets it.
    expect(r.pushes[1]!.only).toEqual(changed ? undefined : ['B']);
    expect(r.pushes[1]!.d.seq > r.pushes[0]!.d.seq).toBe(changed);
  });

  it('a subscriber waiting for its first result does not wait out the refresh gap', async () => {
    const r = rig();
    const view = { from: 'now-1y', to: 'now', grain: 'month' };
    const { key } = r.hub.subscribe('provenance.ai_share', view, 'A');
    await r.step(DIRTY_DELAY);
    r.hub.markDirty('crawl');
    r.hub.subscribe('provenance.ai_share', view, 'B');
    await r.step(DIRTY_DELAY);
    // The year view's gap is 5 s; B's first result came at the next pass.
    expect(r.queriesOf(key)).toEqual([NOW + DIRTY_DELAY, NOW + 2 * DIRTY_DELAY]);
    expect(r.pushes.at(-1)?.only).toEqual(['B']);
  });
});

describe('lifecycle', () => {
  it('ticks on its own interval once started and stops cleanly', async () => {
    const r = rig({ tickMs: 1000 });
    r.hub.start();
    const { key } = r.hub.subscribe('provenance.ai_share', DAY_VIEW, 'A');
    await r.step(DIRTY_DELAY);
    // The periodic passes at 1 s, 2 s ... find the key due once its 5 s interval has passed.
    await r.step(6_000 - DIRTY_DELAY);
    expect(r.queriesOf(key)).toEqual([NOW + DIRTY_DELAY, NOW + 6_000]);
    await r.hub.stop();
    expect(r.clock.armed).toBe(0);
    await r.step(60_000);
    expect(r.queriesOf(key)).toHaveLength(2);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import type { PanelFilters } from '../../src/lib/contract/filters';
import { subscriptionKey } from '../../src/lib/contract/filters';
import type { PanelId } from '../../src/lib/contract/panels';
import type { PanelData, PanelDelta, PanelRow, SharedResult, StatusEvent } from '../../src/lib/contract/socket';
import type { DataChange } from '../../src/lib/contract/streams';
import { diffRows, patchRows, rowTexts, smaller } from '../../src/lib/shared/row-delta';
import { realTimers, type Timers } from '../lib/clock';
import { trace } from '../lib/trace';
import type { Engine } from '../engine/engine';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/metrics';
import { CATALOGUE } from '../panels/catalogue';
import { changedBy, type PanelDef, type View } from '../panels/definition';
import { runPanel, runPanelCost, type PanelRun } from '../panels/run';
import { parseFilters, resolveView, ViewError } from '../panels/view';
import type { FleetLink } from './fleet-link';

interface Entry {
  key: string;
  def: PanelDef;
  filters: PanelFilters;
  subscribers: Set<string>;
  /** Last result pushed; null until the first query answers. */
  data: PanelData | null;
  /** Each row of `data` as JSON: what the next result is compared and diffed against. */
  texts: string[];
  hash: string;
  lastRunAt: number;
  /** When the last query for this key succeeded, changed or not: what the lag is measured from. */
  checkedAt: number;
  dirty: boolean;
  running: boolean;
  failures: number;
  idleSince: number | null;
  /**
   * Subscribers that joined while the cached result was stale and have not had data yet, each
   * with its client (the address it connects from): the pass is shared out by client.
   */
  waiting: Map<string, string>;
  /** The longest rest between two refreshes triggered by ingest, from the window's length (refreshGap). */
  minGapMs: number;
  /**
   * What the last query cost (restAfterIngest): what the runner reported, the engine's own time
   * of its statements plus its Node time (panelCost), or, when it reported none, how long the
   * query took by the hub's clock, waiting for the engine included.
   */
  queryMs: number;
  /** When the last query ended (succeeded or not): an ingest-triggered refresh rests from here. */
  doneAt: number;
  /**
   * In a fleet: a refresh was due and left to the peer holding the key; if its result has not
   * come by then (the holder died), the key is due here again and its lapsed lease is taken.
   */
  expectBy: number | null;
}

/**
 * The most an ingest-triggered refresh rests after the last one, by window length: a one-hour
 * view never rests; a long one rests up to 1 s, 3 s or 5 s, but only while its query is slow
 * (restAfterIngest). The cap bounds what one slow view costs the engine when writes never stop.
 */
export function refreshGap(spanMs: number): number {
  const day = 86_400_000;
  if (spanMs <= day) return 0;
  if (spanMs <= 7 * day) return 1_000;
  if (spanMs <= 92 * day) return 3_000;
  return 5_000;
}

/**
 * How long a key rests after its last query before an ingest may trigger the next: `factor`
 * times what that query cost, at most the window's cap (refreshGap). The cost is the engine's
 * own time of the query's statements plus its Node time (panelCost in server/panels/run.ts), not
 * how long it took by the clock: the embedded engine runs statements one after another, so
 * under steady writes a query's clock time is mostly its wait behind inserts and the pass's other
 * queries, and a rest in proportion to that grew with the engine's queue, not with the query.
 * A view whose query is fast follows every write (a write reaches a six-year chart in a few tens
 * of milliseconds); one whose query is slow rests in proportion, so no one key takes more than
 * 1/(factor + 1) of the engine's time however fast writes come. What bounds the live queries
 * together is the pass (at most `concurrency` at once, one pass after another), not the rest.
 * When the runner reports no cost, the clock's time stands in (HubOptions.run). Chosen over
 * recomputing only the open bucket: the overview's default crawl views include whole-window
 * breakdowns (languages, content types, domains, detector scores over 7 or 30 days) that have no
 * open bucket, their full queries measured no slower than the six-year series', and a full query
 * shows backfills at once. Pushes stay small either way: a change to one bucket goes out as a
 * delta of that row.
 */
export function restAfterIngest(costMs: number, capMs: number, factor: number): number {
  return Math.min(capMs, Math.max(0, costMs) * factor);
}

/** How a changed result reaches the key's subscribers. */
export interface Change {
  /**
   * What changed since the last result pushed (`base`), computed once for every viewer; null
   * for a key's first result, or when the splices would be no smaller than the whole result.
   */
  delta: PanelDelta | null;
  /** Subscribers with no result yet: they need the whole result even when others get `delta`. */
  waiting: readonly string[];
}

/**
 * A result and who gets it: everyone on the key (with `change`, how it differs from the last),
 * or (`only`) just subscribers still waiting, when the result did not change.
 */
type DataListener = (d: PanelData, only?: readonly string[], change?: Change) => void;

export interface HubOptions {
  /** How often the hub looks for due keys. @default 1000 */
  tickMs?: number;
  /** Delay between an ingest and the refresh it triggers; batches bursts of writes. @default 25 */
  dirtyDelayMs?: number;
  /**
   * The same delay when the hub is idle (no pass under way or ended within dirtyDelayMs): a lone
   * write has no burst to wait for, and writes that follow it while its pass runs go in the next
   * pass together. @default 5, or dirtyDelayMs when only that is given
   */
  idleDirtyDelayMs?: number;
  /** How long an unwatched key keeps its cached result for a client that comes back. @default 60000 */
  idleKeepMs?: number;
  /**
   * An ingest-triggered refresh of a key waits this many times its last query's cost after that
   * query ended, capped by the window's refreshGap (see restAfterIngest). @default 2
   */
  restFactor?: number;
  /** Queries run at once in one tick. @default 4 */
  concurrency?: number;
  /**
   * Queries one pass may run. The rest stay due for the next pass, which starts at once, so a
   * pass is short and a key that became due meanwhile (a new viewer) is not stuck behind
   * thousands of others. @default 32
   */
  maxPerPass?: number;
  now?: () => number;
  /** Timers of the periodic tick and of the refresh after an ingest. @default Node's, unref'd */
  timers?: Timers;
  /**
   * Runs one panel query. @default runPanelCost on the hub's engine, counted in its metrics: the
   * rows and what they cost the engine and Node. When `now` is injected, runPanel: the rows
   * alone, so the cost is the query's time by that clock (a test whose views rest moves it, or
   * passes a runner reporting the cost)
   */
  run?: PanelRunner;
  /** The other servers of a fleet: who runs which view, and their results. @default none: this server runs every view */
  fleet?: FleetLink;
}

/**
 * How the hub answers one key; tests wrap the real runner to make the engine fail on cue, or to
 * say what a query cost. Rows alone report no cost: the key then rests by the hub's clock time of
 * the query, as does a run whose `costMs` is null.
 */
export type PanelRunner = (def: PanelDef, view: View, tag: string) => Promise<PanelRow[] | PanelRun>;

/**
 * The live hub: one query per distinct view, however many screens show it.
 *
 * A subscription key is a panel plus its canonical filters. Each key is queried when ingest
 * marks one of its streams dirty, or when its refresh interval passes, and only while someone
 * watches it. A result is pushed only when it differs from the last one, with a sequence number
 * that only grows, so a client can drop anything it has already seen. The hub keeps each key's
 * last rows and computes, once per change, the splices from them to the new rows: the delta
 * every subscriber holding the last result can apply instead of receiving the whole.
 */
export class Hub {
  private entries = new Map<string, Entry>();
  private timer: (() => void) | null = null;
  private soon: (() => void) | null = null;
  /** Wakes the hub when the first dirty key's rest ends, rather than at the next periodic tick. */
  private rest: { at: number; cancel: () => void } | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  /** The pass under way, on a server outside a fleet: keys that fall due meanwhile join it (joinPass). */
  private pass: RunningPass | null = null;
  private seq = 0;
  /** When each client (address) last got data it waited for, as a running count: passes take turns by it. */
  private readonly clientServedAt = new Map<string, number>();
  private servedSeq = 0;
  /** Names this run's seq: a restarted server counts from 1 again under another run. */
  readonly runId = randomBytes(6).toString('base64url');
  private degraded = false;
  private readonly opts: Required<Omit<HubOptions, 'run' | 'fleet'>>;
  private readonly fleet: FleetLink | undefined;
  private readonly run: PanelRunner;
  private listeners: DataListener[] = [];
  private passEndListeners: (() => void)[] = [];
  /** Callers of quiet() waiting for the next pass to end. */
  private quietWaiters: (() => void)[] = [];
  private passing = false;
  /** When the last pass ended, by the hub's clock: within dirtyDelayMs of it the hub is not idle. */
  private passEndedAt = -Infinity;
  private stopped = false;
  /** Background work waiting for every screen's first answers (see readsFirst). */
  private firstWaiters: (() => void)[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
    opts: HubOptions = {}
  ) {
    const { run, fleet, ...rest } = opts;
    this.fleet = fleet;
    this.opts = {
      tickMs: 1000,
      dirtyDelayMs: 25,
      idleDirtyDelayMs: rest.dirtyDelayMs ?? 5,
      restFactor: 2,
      idleKeepMs: 60_000,
      concurrency: 4,
      maxPerPass: 32,
      now: Date.now,
      timers: realTimers,
      ...rest
    };
    // On the real clock, a query's cost is the engine's own time plus Node's (runPanelCost). On an
    // injected clock every time is that clock's: the rows alone, so a query's clock time stands
    // in, and a test's rests never depend on how fast the machine ran its queries.
    this.run =
      run ??
      (opts.now
        ? (def, view, tag) => runPanel(this.engine, this.metrics, def, view, tag)
        : (def, view, tag) => runPanelCost(this.engine, this.metrics, def, view, tag));
  }

  /** Results go to every listener (the socket layer sends them to the key's room). */
  onData(fn: DataListener): void {
    this.listeners.push(fn);
  }

  /**
   * Told when a refresh pass ends, after its last result went to the data listeners: the socket
   * layer sends a pass's results to each socket in one message.
   */
  onPassEnd(fn: () => void): void {
    this.passEndListeners.push(fn);
  }

  /** True while a refresh pass runs: results given to the listeners now are followed by a pass end. */
  inPass(): boolean {
    return this.passing;
  }

  start(): void {
    this.stopped = false;
    if (this.timer) return;
    this.timer = this.opts.timers.every(this.opts.tickMs, () => void this.tick());
  }

  async stop(): Promise<void> {
    // No pass chains another after this: with keys due faster than passes serve them (many
    // views on a slow machine), the chain would never end and stop() would never return.
    this.stopped = true;
    this.timer?.();
    this.soon?.();
    this.rest?.cancel();
    this.timer = null;
    this.soon = null;
    this.rest = null;
    await this.idle();
    this.wakeFirstWaiters();
  }

  /**
   * Resolves once no screen waits for a first answer that the hub can give (keys backing off
   * after failures do not count, nor a stopped hub). Refresh passes for screens that have had
   * theirs do not hold it: on a busy wall network a pass is nearly always under way, and the
   * history would never be written. Work that holds the engine
   * for seconds at a time, the history backfill, waits here before each statement: on the
   * embedded engine every query with parameters runs in turn behind it, so without this a new
   * screen's published panels queued behind a year of simulated history, one statement after
   * another. With it a screen waits for at most the one statement already under way.
   */
  async readsFirst(): Promise<void> {
    while (this.timer !== null && this.waitingForFirst()) {
      await new Promise<void>((resolve) => this.firstWaiters.push(resolve));
    }
  }

  private waitingForFirst(): boolean {
    for (const e of this.entries.values()) if (e.waiting.size > 0 && e.subscribers.size > 0 && e.failures === 0) return true;
    return false;
  }

  /** Lets readsFirst look again: after every pass, an unsubscribe and a stop. */
  private wakeFirstWaiters(): void {
    const waiters = this.firstWaiters;
    this.firstWaiters = [];
    for (const w of waiters) w();
  }

  /** Resolves once no refresh pass is running or queued. */
  async idle(): Promise<void> {
    while (this.ticking) await this.ticking;
  }

  /**
   * Resolves once no pass is running or queued and no watched key waits for one (dirty, maybe
   * resting after its last query): every refresh the writes so far asked of this hub has run.
   * Screens may have a write before that: one landing while a view's query runs marks the view
   * again, and that query may have read it. Keys backing off after failures do not count.
   */
  async quiet(): Promise<void> {
    for (;;) {
      await this.idle();
      const owed = [...this.entries.values()].some((e) => e.subscribers.size > 0 && e.failures === 0 && (e.dirty || e.running));
      if (!owed || this.stopped) return;
      // A dirty key is run by a pass: its rest's wake-up, the next write's, or the periodic tick.
      await new Promise<void>((resolve) => this.quietWaiters.push(resolve));
    }
  }

  /**
   * Adds a subscriber to the key for (panel, filters) and returns the key with the cached
   * result, if any. Throws ViewError for a panel or filter the server does not accept.
   */
  subscribe(panel: string, rawFilters: unknown, subscriber: string, client = subscriber): { key: string; cached: PanelData | null } {
    const def = CATALOGUE.get(panel as PanelId);
    if (!def) throw new ViewError(`unknown panel ${JSON.stringify(panel)}`, 'panel');
    const filters = parseFilters(rawFilters);
    // Resolving once here rejects a bad view at subscribe time rather than on every tick.
    const view = resolveView(def, filters, this.opts.now());
    const key = subscriptionKey(def.info.id, filters);
    let e = this.entries.get(key);
    if (!e) {
      e = {
        key,
        def,
        filters,
        subscribers: new Set(),
        data: null,
        texts: [],
        hash: '',
        lastRunAt: 0,
        checkedAt: 0,
        dirty: true,
        running: false,
        failures: 0,
        idleSince: null,
        waiting: new Map(),
        minGapMs: refreshGap(view.toMs - view.fromMs),
        queryMs: 0,
        doneAt: 0,
        expectBy: null
      };
      this.entries.set(key, e);
    }
    e.subscribers.add(subscriber);
    e.idleSince = null;
    const now = this.opts.now();
    // A fresh cached result goes out at once. A stale one (the key sat unwatched while rows
    // arrived) would be a step back; the subscriber waits for the refresh scheduled here.
    const fresh = e.data !== null && !e.dirty && e.failures === 0 && now - e.checkedAt < e.def.info.refresh_ms;
    if (!fresh) {
      e.waiting.set(subscriber, client);
      this.scheduleSoon();
    }
    this.updateGauge();
    return { key, cached: fresh ? e.data : null };
  }

  /**
   * The last result pushed for a key, for a subscriber who holds it and lost track (missed a
   * delta): the one later deltas apply to, however stale. Null when `subscriber` does not hold
   * the key or is still waiting for its first result (which is on its way).
   */
  current(key: string, subscriber: string): PanelData | null {
    const e = this.entries.get(key);
    if (!e || !e.subscribers.has(subscriber) || e.waiting.has(subscriber)) return null;
    return e.data;
  }

  unsubscribe(key: string, subscriber: string): boolean {
    const e = this.entries.get(key);
    if (!e || !e.subscribers.delete(subscriber)) return false;
    e.waiting.delete(subscriber);
    if (e.subscribers.size === 0) {
      e.idleSince = this.opts.now();
      this.fleet?.release([key]);
    }
    this.updateGauge();
    this.wakeFirstWaiters();
    return true;
  }

  /**
   * Ingest wrote rows (`change`: a stream, or crawl files' records): refresh every watched key
   * whose panel that change reaches (`changedBy`, server/panels/definition.ts), now. Rows written here are announced to the fleet's other servers; a peer's
   * announcement arrives as `peer`.
   */
  markDirty(change: DataChange, from: 'here' | 'peer' = 'here'): void {
    trace(`dirty.${from}`, change);
    if (from === 'here') this.fleet?.dirtied(change);
    let any = false;
    for (const e of this.entries.values()) {
      if (changedBy(e.def).includes(change)) {
        e.dirty = true;
        any = true;
      }
    }
    if (any) this.scheduleSoon();
  }

  /** Keys with at least one subscriber. */
  activeKeys(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.subscribers.size > 0) n++;
    return n;
  }

  status(): StatusEvent {
    const now = this.opts.now();
    let oldest = now;
    for (const e of this.entries.values()) {
      if (e.subscribers.size > 0 && e.checkedAt > 0) oldest = Math.min(oldest, e.checkedAt);
    }
    return { engine: this.engine.kind, degraded: this.degraded, lag_ms: now - oldest };
  }

  /** Runs one refresh pass; concurrent callers share it, and a call during a pass queues one more. */
  tick(): Promise<void> {
    if (this.ticking) {
      this.joinPass();
      this.again = true;
      return this.ticking;
    }
    this.ticking = this.runTick().finally(() => {
      this.ticking = null;
      if (this.again) {
        this.again = false;
        if (!this.stopped) void this.tick();
      }
      this.wakeFirstWaiters();
    });
    return this.ticking;
  }

  private scheduleSoon(): void {
    if (this.soon) return;
    const idle = this.ticking === null && this.opts.now() - this.passEndedAt >= this.opts.dirtyDelayMs;
    this.soon = this.opts.timers.after(idle ? this.opts.idleDirtyDelayMs : this.opts.dirtyDelayMs, () => {
      this.soon = null;
      void this.tick();
    });
  }

  private isDue(e: Entry, now: number): boolean {
    if (e.running || e.subscribers.size === 0) return false;
    if (e.expectBy !== null && now >= e.expectBy) return true;
    // After failures, back off (2 s, 4 s, ... up to a minute) instead of hammering a sick engine.
    const wait = e.failures > 0 ? Math.min(60_000, 1000 * 2 ** e.failures) : e.def.info.refresh_ms;
    if (e.failures > 0) return now - e.lastRunAt >= wait;
    // A subscriber waiting for its first result is not made to wait out the rest.
    return (e.dirty && (now >= this.restEnd(e) || e.waiting.size > 0)) || now - e.lastRunAt >= wait;
  }

  /** When a dirty key's rest after its last query ends (see restAfterIngest). */
  private restEnd(e: Entry): number {
    return e.doneAt + restAfterIngest(e.queryMs, e.minGapMs, this.opts.restFactor);
  }

  /**
   * Arms a wake-up for the first dirty key still resting, so it refreshes when its rest ends
   * instead of at the next periodic tick (up to a second later).
   */
  private wakeAfterRest(now: number): void {
    let at = Infinity;
    for (const e of this.entries.values()) {
      if (!e.dirty || e.running || e.subscribers.size === 0 || e.failures > 0 || e.expectBy !== null) continue;
      at = Math.min(at, this.restEnd(e));
    }
    if (at === Infinity || at <= now || (this.rest && this.rest.at <= at)) return;
    this.rest?.cancel();
    const cancel = this.opts.timers.after(at - now, () => {
      this.rest = null;
      if (!this.stopped) void this.tick();
    });
    this.rest = { at, cancel };
  }

  private async runTick(): Promise<void> {
    this.passing = true;
    try {
      await this.runPass();
    } finally {
      this.passing = false;
      this.passEndedAt = this.opts.now();
      for (const w of this.quietWaiters.splice(0)) w();
      for (const fn of this.passEndListeners) {
        try {
          fn();
        } catch (err) {
          this.log.error('sending a pass of live results failed', { error: (err as Error).message });
        }
      }
    }
  }

  private async runPass(): Promise<void> {
    const started = performance.now();
    const now = this.opts.now();
    for (const [key, e] of this.entries) {
      if (e.idleSince !== null && now - e.idleSince > this.opts.idleKeepMs) this.entries.delete(key);
    }
    const due = this.dueInOrder(now);
    const pass = due.slice(0, this.opts.maxPerPass);
    if (pass.length > 0) trace('pass.start', pass.length);
    // In a fleet, the keys a peer holds are not run here: their results come from the peer.
    const mine =
      this.fleet && pass.length > 0
        ? await this.fleet.claim(
            pass.map((e) => e.key),
            now
          )
        : null;
    const runs = mine ? pass.filter((e) => mine.has(e.key)) : pass;
    const follows = mine ? pass.filter((e) => !mine.has(e.key)) : [];
    const running: RunningPass = { queue: [...runs], taken: new Set(runs), workers: [], active: 0 };
    // In a fleet a key's lease is claimed per pass, so keys falling due wait for the next one.
    this.pass = this.fleet ? null : running;
    try {
      this.startWorkers(running);
      running.workers.push(...follows.map((e) => this.follow(e, now)));
      // Keys joining the pass may start workers while it runs.
      while (running.workers.length > 0) await Promise.all(running.workers.splice(0));
    } finally {
      this.pass = null;
    }
    // What did not fit is still due: the next pass runs straight after this one.
    if (due.length > pass.length) this.again = true;
    else if (!this.stopped) this.wakeAfterRest(this.opts.now());
    if (runs.length > 0) {
      this.metrics?.tickSeconds.observe((performance.now() - started) / 1000);
      this.metrics?.queriesPerTick.observe(runs.length);
    }
    this.updateGauge();
  }

  /** The keys due at `now` (but those in `skip`), in the order a pass serves them. */
  private dueInOrder(now: number, skip?: ReadonlySet<Entry>): Entry[] {
    return fairOrder(
      [...this.entries.values()].filter((e) => !skip?.has(e) && this.isDue(e, now)).sort(servedFirst),
      (client) => this.clientServedAt.get(client) ?? 0
    );
  }

  /**
   * Keys that fell due while a pass runs (a write's, a new viewer's) join it, ahead of the keys it
   * has not started yet, instead of waiting for its end: a pass of the overview's many-year views
   * on a loaded engine runs for hundreds of milliseconds, and a write to a short view waited all
   * of that for its own query of a few tens. A key joins a pass once (one that ran in it and fell
   * due again waits for the next), and no more than maxPerPass keys run in one pass, so writes
   * that never stop cannot keep a pass from ending.
   */
  private joinPass(): void {
    const p = this.pass;
    if (!p || this.stopped) return;
    const now = this.opts.now();
    const room = this.opts.maxPerPass - p.taken.size;
    if (room <= 0) return;
    const joining = this.dueInOrder(now, p.taken).slice(0, room);
    if (joining.length === 0) return;
    trace('pass.join', joining.length);
    for (const e of joining) p.taken.add(e);
    p.queue.unshift(...joining);
    this.startWorkers(p);
  }

  /**
   * Starts workers for a pass's queued keys, up to the hub's concurrency. A worker takes its
   * first key before it first awaits, so this loop sees the queue shrink.
   */
  private startWorkers(p: RunningPass): void {
    while (p.active < this.opts.concurrency && p.queue.length > 0) p.workers.push(this.work(p));
  }

  /** One of a pass's workers: runs its queued keys, one after another, until none is left. */
  private async work(p: RunningPass): Promise<void> {
    p.active++;
    try {
      for (let e = p.queue.shift(); e; e = p.queue.shift()) {
        // Viewers may have left since the pass began: their keys are dropped from it.
        if (e.subscribers.size > 0) await this.refresh(e);
      }
    } finally {
      p.active--;
    }
  }

  private async refresh(e: Entry): Promise<void> {
    e.running = true;
    e.dirty = false;
    const now = this.opts.now();
    e.lastRunAt = now;
    try {
      const view = resolveView(e.def, e.filters, now);
      trace('query.start', e.key);
      let rows: PanelRow[];
      let costMs: number | null = null;
      try {
        const out = await this.run(e.def, view, `live ${e.key}`);
        ({ rows, costMs } = Array.isArray(out) ? { rows: out, costMs: null } : out);
      } finally {
        e.doneAt = this.opts.now();
        // A failed query reports no cost: its clock time stands in until the next one answers.
        e.queryMs = costMs ?? e.doneAt - now;
      }
      trace('query.end', e.key);
      this.metrics?.liveQueries.inc();
      e.failures = 0;
      this.degraded = false;
      const changed = this.settle(e, rows, now);
      this.fleet?.share({ key: e.key, hash: e.hash, checked_at: now, ...(changed ? { rows } : {}) });
    } catch (err) {
      e.failures++;
      this.degraded = true;
      this.log.warn('live query failed', { key: e.key, error: (err as Error).message, failures: e.failures });
    } finally {
      e.running = false;
    }
  }

  /**
   * A result for `e` checked at `checkedAt` (here or by the peer that ran it) goes to its
   * subscribers: to all, when it changed (true), else only to those still waiting for a first one.
   */
  private settle(e: Entry, rows: PanelRow[], checkedAt: number): boolean {
    e.checkedAt = checkedAt;
    e.expectBy = null;
    const texts = rowTexts(rows);
    const hash = hashTexts(texts);
    if (hash === e.hash && e.data) {
      this.serveWaiting(e, e.data);
      return false;
    }
    const prev = e.data;
    const prevTexts = e.texts;
    this.markServed(e);
    const waiting = [...e.waiting.keys()];
    e.hash = hash;
    e.texts = texts;
    e.waiting.clear();
    e.data = { key: e.key, panel: e.def.info.id, rows, as_of: new Date(checkedAt).toISOString(), seq: ++this.seq, run: this.runId };
    trace('settle', e.key);
    const change = { delta: prev ? this.delta(prev, e.data, prevTexts, texts) : null, waiting };
    for (const fn of this.listeners) fn(e.data, undefined, change);
    return true;
  }

  /** An unchanged result still goes to the subscribers waiting for a first one. */
  private serveWaiting(e: Entry, data: PanelData): void {
    if (e.waiting.size === 0) return;
    this.markServed(e);
    const only = [...e.waiting.keys()];
    e.waiting.clear();
    for (const fn of this.listeners) fn(data, only);
  }

  /**
   * A peer ran a key's query and shared the result. Applied when this server watches the key
   * and the result is newer than its own; an "unchanged" this server cannot match (it joined
   * after the change) fetches the rows the holder stored.
   */
  receive(r: SharedResult): void {
    const e = this.entries.get(r.key);
    if (!e || e.running || r.checked_at < e.checkedAt) return;
    e.failures = 0;
    e.lastRunAt = Math.max(e.lastRunAt, this.opts.now());
    if (r.rows) {
      this.settle(e, r.rows, r.checked_at);
      return;
    }
    if (r.hash === e.hash && e.data) {
      e.checkedAt = r.checked_at;
      e.expectBy = null;
      this.serveWaiting(e, e.data);
      return;
    }
    e.dirty = true;
    this.scheduleSoon();
  }

  /**
   * A due key whose lease a peer holds: not queried here. A subscriber with no result yet gets
   * the one the holder stored; when there is none (the holder has not run it yet, or Redis is
   * unreachable), the key is run here once rather than leave the subscriber waiting.
   */
  private async follow(e: Entry, now: number): Promise<void> {
    e.dirty = false;
    e.lastRunAt = now;
    e.expectBy = now + (this.fleet?.leaseMs ?? 0);
    if (e.data !== null && e.waiting.size === 0) return;
    const r = await this.fleet?.latest(e.key);
    if (r?.rows && r.checked_at >= e.checkedAt) this.settle(e, r.rows, r.checked_at);
    else if (!e.running && e.subscribers.size > 0) await this.refresh(e);
  }

  /**
   * The splices from `prev` to `next`, or null when sending them would save nothing: rows
   * removed, added or replaced (diffRows), or, when smaller, the cells changed in place
   * (patchRows: a breakdown whose shares all moved a little).
   */
  private delta(prev: PanelData, next: PanelData, prevTexts: string[], texts: string[]): PanelDelta | null {
    const d = smaller(diffRows(next.rows, prevTexts, texts), patchRows(prev.rows, next.rows, prevTexts, texts));
    // The whole rows' JSON: the texts, their commas and brackets.
    const whole = texts.reduce((n, t) => n + t.length + 1, 1);
    if (!d || d.chars >= whole) {
      this.metrics?.liveChanges.inc({ form: 'snapshot' });
      return null;
    }
    this.metrics?.liveChanges.inc({ form: 'delta' });
    const { key, panel, as_of, seq, run } = next;
    return { key, panel, as_of, seq, base: prev.seq, run, splices: d.splices };
  }

  /** Notes that the clients waiting on `e` got data now: they go behind unserved clients next pass. */
  private markServed(e: Entry): void {
    // A bound on memory: clients are addresses, a few thousand at most in normal use.
    if (this.clientServedAt.size > 10_000) this.clientServedAt.clear();
    for (const client of e.waiting.values()) this.clientServedAt.set(client, ++this.servedSeq);
  }

  private updateGauge(): void {
    this.metrics?.subscriptions.set(this.activeKeys());
  }
}

/** A refresh pass under way: the keys no worker has taken yet, every key it has taken or will, what it waits for. */
interface RunningPass {
  queue: Entry[];
  taken: Set<Entry>;
  /** Its workers, and in a fleet its follows of keys a peer holds. */
  workers: Promise<void>[];
  /** Workers still running. */
  active: number;
}

/**
 * The order due keys are served in: keys with a viewer waiting for a first result, then keys
 * with more viewers, then the one served longest ago. A newcomer to a popular view goes first;
 * one socket's many private keys cannot hold up everyone else's, and rotation by last run
 * means every key gets its turn.
 */
function servedFirst(a: Entry, b: Entry): number {
  return Number(b.waiting.size > 0) - Number(a.waiting.size > 0) || b.subscribers.size - a.subscribers.size || a.lastRunAt - b.lastRunAt;
}

/**
 * Shares the pass out by client: keys some client waits on go first, round by round, one key of
 * every waiting client a round (within a round, the client served longest ago first, then the one
 * with the fewest waiting keys, so passes take turns), then the rest in `sorted`'s order. A client's first data thus waits behind at most one key of each
 * other waiting client, however many keys or sockets the others hold; a key several clients wait
 * on (a popular view) is served in the round of whichever reaches it first.
 */
function fairOrder<E extends { waiting: ReadonlyMap<string, string> }>(sorted: readonly E[], servedAt: (client: string) => number): E[] {
  const byClient = new Map<string, E[]>();
  for (const e of sorted) {
    for (const client of new Set(e.waiting.values())) {
      let keys = byClient.get(client);
      if (!keys) byClient.set(client, (keys = []));
      keys.push(e);
    }
  }
  const clients = [...byClient].sort(([ca, a], [cb, b]) => servedAt(ca) - servedAt(cb) || a.length - b.length).map(([, keys]) => keys);
  const out: E[] = [];
  const taken = new Set<E>();
  const cursor = clients.map(() => 0);
  for (let placed = true; placed;) {
    placed = false;
    clients.forEach((keys, i) => {
      // The client's next key not already served for another client.
      let at = cursor[i] ?? 0;
      while (at < keys.length && taken.has(keys[at] as E)) at++;
      const e = keys[at];
      cursor[i] = at + 1;
      if (e === undefined) return;
      taken.add(e);
      out.push(e);
      placed = true;
    });
  }
  for (const e of sorted) if (!taken.has(e)) out.push(e);
  return out;
}

function hashTexts(texts: string[]): string {
  const h = createHash('sha1');
  // A separator no row's JSON contains, so row boundaries count.
  for (const t of texts) h.update(t).update('\n');
  return h.digest('hex');
}

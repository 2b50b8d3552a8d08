// When the live defaults are recomputed. They depend on two tables that change at very different
// speeds: training_runs (an import now and then) and the crawl (rows every second). So:
// - a cheap fingerprint of training_runs (one row from a small table) is read on every request,
//   and a changed fingerprint recomputes at once: an import shows in the next forecast;
// - the AI share of new crawled tokens is re-read at most once a minute: a 365-day share cannot
//   move measurably in a minute, and GET /api/forecast, asked often, would otherwise read it each
//   time;
// - everything is recomputed at least every five minutes regardless.
// The state lives in ClickHouse, not in this process, so several servers behind a load balancer
// each notice an import made through any of them.
import type { IsoDay } from '../../src/lib/contract/days';
import type { LeftOutRows } from '../../src/lib/contract/bounds';
import type { Engine } from '../engine/engine';
import { leftOutFor } from '../engine/left-out';
import { syncProjection } from './epoch-projection-store';
import { LIVE_SETTINGS, computeLiveDefaults, crawlWindow, cutoffDay, type LiveDefaults } from './live-defaults';
import { readCrawlProvenance, readTrainingFingerprint, readTrainingRuns, type CrawlProvenance, type TrainingRunRow } from './live-sql';

interface LiveCacheOptions {
  /** Recompute everything at least this often. @default 300_000 */
  maxAgeMs?: number;
  /** Re-read the crawl provenance at most this often. @default 60_000 */
  crawlTtlMs?: number;
  /** Check the training fingerprint at most this often; 0 checks on every request. @default 0 */
  checkMs?: number;
  now?: () => number;
}

interface Entry {
  fingerprint: string;
  runs: readonly TrainingRunRow[];
  /** Stored runs the read left out as unusable (src/lib/contract/bounds.ts). */
  leftOut: LeftOutRows | null;
  runsAt: number;
  crawl: CrawlProvenance;
  crawlAt: number;
  checkedAt: number;
  byAsOf: Map<IsoDay, LiveDefaults>;
}

/** Cutoff days kept (today and a few as_of values in the past), and as_of values per cutoff. */
const MAX_ENTRIES = 8;
const MAX_AS_OF = 16;

export class LiveDefaultsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private readonly opts: Required<LiveCacheOptions>;

  constructor(
    private readonly engine: Engine,
    opts: LiveCacheOptions = {}
  ) {
    this.opts = { maxAgeMs: 300_000, crawlTtlMs: 60_000, checkMs: 0, now: Date.now, ...opts };
  }

  /** The live defaults for the day as_of, from data up to min(as_of, today). */
  async get(asOf: IsoDay): Promise<LiveDefaults> {
    // The Epoch model's compute projection follows an import the same way the training runs do.
    await syncProjection(this.engine);
    const now = this.opts.now();
    const cutoff = cutoffDay(asOf, now);
    const entry = await this.entry(cutoff, now);
    let d = entry.byAsOf.get(asOf);
    if (!d) {
      d = computeLiveDefaults({ runs: entry.runs, crawl: entry.crawl, leftOut: entry.leftOut }, asOf);
      entry.byAsOf.set(asOf, d);
      trim(entry.byAsOf, MAX_AS_OF);
    }
    return d;
  }

  /** Forgets everything: the next get() reads the tables again. */
  clear(): void {
    this.entries.clear();
  }

  private entry(cutoff: string, now: number): Promise<Entry> {
    const old = this.entries.get(cutoff);
    if (old && this.opts.checkMs > 0 && now - old.checkedAt < this.opts.checkMs) return Promise.resolve(old);
    // Concurrent requests for the same cutoff share one round of reads.
    let p = this.pending.get(cutoff);
    if (!p) {
      p = this.refresh(cutoff, now).finally(() => this.pending.delete(cutoff));
      this.pending.set(cutoff, p);
    }
    return p;
  }

  private async refresh(cutoff: string, now: number): Promise<Entry> {
    const { engine } = this;
    const fingerprint = await readTrainingFingerprint(engine);
    const old = this.entries.get(cutoff);
    const fullDue = !old || old.fingerprint !== fingerprint || now - old.runsAt >= this.opts.maxAgeMs;
    if (old && !fullDue && now - old.crawlAt < this.opts.crawlTtlMs) {
      old.checkedAt = now;
      return old;
    }
    const window = crawlWindow(cutoff);
    const [training, crawl] = await Promise.all([
      !fullDue && old
        ? Promise.resolve({ runs: old.runs, leftOut: old.leftOut })
        : readTrainingRuns(engine, `${LIVE_SETTINGS.fitFromYear}-01-01`, cutoff),
      readCrawlProvenance(engine, window.from, window.to)
    ]);
    const { runs, leftOut } = training;
    leftOutFor(engine).record('forecast', leftOut);
    if (old && !fullDue && sameCounts(old.crawl, crawl)) {
      // Nothing changed: keep the computed defaults.
      old.crawlAt = now;
      old.checkedAt = now;
      return old;
    }
    const e: Entry = {
      fingerprint,
      runs,
      leftOut,
      runsAt: fullDue || !old ? now : old.runsAt,
      crawl,
      crawlAt: now,
      checkedAt: now,
      byAsOf: new Map()
    };
    this.entries.set(cutoff, e);
    trim(this.entries, MAX_ENTRIES);
    return e;
  }
}

function sameCounts(a: CrawlProvenance, b: CrawlProvenance): boolean {
  return (
    a.human === b.human &&
    a.ai === b.ai &&
    a.mixed === b.mixed &&
    a.unknown === b.unknown &&
    a.from === b.from &&
    a.to === b.to &&
    a.simulated?.from === b.simulated?.from &&
    a.simulated?.to === b.simulated?.to
  );
}

/** Drops the oldest insertions beyond `max` (Maps iterate in insertion order). */
function trim<K, V>(m: Map<K, V>, max: number): void {
  while (m.size > max) {
    const first = m.keys().next();
    if (first.done) return;
    m.delete(first.value);
  }
}

const caches = new WeakMap<Engine, LiveDefaultsCache>();

/** One cache per engine, shared by GET /api/forecast and the forecast and training panels. */
export function liveDefaultsFor(engine: Engine): LiveDefaultsCache {
  let c = caches.get(engine);
  if (!c) {
    c = new LiveDefaultsCache(engine);
    caches.set(engine, c);
  }
  return c;
}

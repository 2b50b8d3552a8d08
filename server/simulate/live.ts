// The live simulator: every tick it draws new rows at the current time from the calibrated curves
// and hands them, as NDJSON in the public ingest contract, to `write` (the server wires that to the
// ingest pipeline, so simulated rows are validated and counted like any producer's).
//
// Bounded by construction: one tick's rows at a time, and the next tick is scheduled only after
// the previous one finished, so a slow or failing `write` delays ticks instead of queueing them.
import { realTimers, type Timers } from '../lib/clock';
import { createRng } from '../lib/random';
import type { Stream } from '../../src/lib/contract/streams';
import { COLLAPSE_FAMILY, promptId, sampleText, simulateCollapse, type CollapseRun } from './collapse';
import { domainPool } from './domains';
import { postingsFactor } from './curves';
import { BASELINE_POSTINGS_PER_WEEK, CATEGORY_WEIGHTS } from './dimensions';
import { crawlRow, marketRow, toNdjson } from './live-rows';

type LiveStream = Stream;

interface LiveSimulatorOptions {
  write: (stream: LiveStream, ndjson: Buffer) => Promise<void>;
  /** @default 1000 */
  intervalMs?: number;
  /** @default 30 */
  crawlPerTick?: number;
  /** Multiplier on the calibrated market posting volume (a few postings an hour). @default 1 */
  marketRate?: number;
  /** Model samples (one per generation and variant) every this many ticks, from the first. @default 10 */
  samplesEveryTicks?: number;
  /** @default Date.now */
  now?: () => number;
  /** Schedules the next tick; tests step ticks by hand. @default Node's, unref'd */
  timers?: Timers;
  /** Seed of the live draws and of the collapse run the samples come from. @default from the clock */
  seed?: number;
  log?: {
    info(msg: string, fields?: Record<string, unknown>): void;
    warn(msg: string, fields?: Record<string, unknown>): void;
  };
}

interface LiveSimulator {
  /** Stops the ticks; resolves once a tick in progress has finished. */
  stop(): Promise<void>;
}

/** Log a failing stream on its 1st, 61st, 121st... consecutive failure, not on every tick. */
const WARN_EVERY = 60;

export function startLiveSimulator(opts: LiveSimulatorOptions): LiveSimulator {
  const intervalMs = opts.intervalMs ?? 1000;
  const crawlPerTick = opts.crawlPerTick ?? 30;
  // Multiplier on the calibrated posting volume; tests raise it to see postings quickly.
  const marketRate = opts.marketRate ?? 1;
  let marketDue = 0;
  const samplesEvery = opts.samplesEveryTicks ?? 10;
  const now = opts.now ?? Date.now;
  const log = opts.log;
  if (!(intervalMs > 0) || !Number.isInteger(crawlPerTick) || crawlPerTick < 0 || !(samplesEvery >= 1)) {
    throw new RangeError('intervalMs must be > 0, crawlPerTick an integer >= 0, samplesEveryTicks >= 1');
  }
  const seed = (opts.seed ?? now()) >>> 0;
  const rng = createRng(seed);
  const pool = domainPool();
  // Built lazily on the first samples tick (about 0.1 s of work), then reused: a few hundred KB.
  let collapse: CollapseRun | undefined;
  const failures = new Map<LiveStream, number>();

  let tickNo = 0;
  let lastTs = now() - intervalMs;
  let stopped = false;
  const timers = opts.timers ?? realTimers;
  let cancel: (() => void) | undefined;
  let inflight: Promise<void> | undefined;

  async function send(stream: LiveStream, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await opts.write(stream, toNdjson(rows));
      const failed = failures.get(stream) ?? 0;
      if (failed > 0) log?.info('simulate: live writes recovered', { stream, failed_ticks: failed });
      failures.delete(stream);
    } catch (e) {
      const n = (failures.get(stream) ?? 0) + 1;
      failures.set(stream, n);
      if (n % WARN_EVERY === 1) {
        log?.warn('simulate: live write failed', { stream, consecutive: n, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  async function tick(): Promise<void> {
    const t = now();
    // Rows are spread over the time since the last tick so the stream has no gaps or bursts.
    const from = Math.min(lastTs, t);
    lastTs = t;
    const at = () => Math.round(from + (t - from) * rng.next());

    const crawl = Array.from({ length: crawlPerTick }, () => crawlRow(rng, at(), pool)).sort((a, b) => a.ts - b.ts);
    await send('crawl', crawl);

    // Postings arrive at the calibrated weekly volume (the history's), not at the tick rate: the
    // postings index compares each week with the pre-ChatGPT mean, so a faster live stream
    // would read as a boom. A few a day; the fraction carries over between ticks.
    marketDue += marketPerMs(t) * (t - from) * marketRate;
    const nMarket = Math.floor(marketDue);
    marketDue -= nMarket;
    if (nMarket > 0)
      await send(
        'market',
        Array.from({ length: nMarket }, () => marketRow(rng, at()))
      );

    if (tickNo % samplesEvery === 0) {
      collapse ??= simulateCollapse({ seed });
      const run = collapse;
      const i = (tickNo / samplesEvery) % 200;
      const samples = run.chains.flatMap((chain) =>
        chain.generations.map((g) => ({
          ts: t,
          model_family: COLLAPSE_FAMILY,
          model: chain.variant.model,
          generation: g.generation,
          text: sampleText(run, g.cum, rng),
          synthetic_fraction: chain.variant.syntheticFraction,
          prompt_id: promptId(i)
        }))
      );
      await send('samples', samples);
    }
    tickNo++;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    // Unref'd: the simulator alone must not keep a process alive (tests, a server shutting down).
    cancel = timers.after(delay, run);
  }

  function run(): void {
    const started = performance.now();
    inflight = tick()
      .catch((e: unknown) => log?.warn('simulate: live tick failed', { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        inflight = undefined;
        schedule(Math.max(0, intervalMs - (performance.now() - started)));
      });
  }

  log?.info('simulate: live simulator started', { interval_ms: intervalMs, crawl_per_tick: crawlPerTick });
  schedule(0);

  return {
    async stop() {
      stopped = true;
      cancel?.();
      await inflight;
    }
  };
}

const WEEK_MS = 7 * 86_400_000;

/** Expected postings per ms at t, all categories: the backfill's volume, so the index holds. */
function marketPerMs(t: number): number {
  let factor = 0;
  for (const [category, weight] of CATEGORY_WEIGHTS) factor += weight * postingsFactor(category, t);
  return (BASELINE_POSTINGS_PER_WEEK * factor) / WEEK_MS;
}

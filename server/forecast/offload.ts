import { Worker } from 'node:worker_threads';
import { FORECAST_DEFAULTS, type ForecastQuery } from '../../src/lib/contract/forecast';
import { workerScript } from '../lib/worker-script';
import type { LiveDefaults } from './live-defaults';
import { currentProjection, projectionVersion } from './epoch-request';
import { runForecastRequest, type ForecastOutcome } from './request';

/**
 * Forecasts up to this many draws run on the event loop: a few milliseconds. Larger ones (the
 * default 100,000 costs tens of milliseconds, the maximum 1,000,000 hundreds) run on a worker
 * thread, so the server keeps answering while they compute.
 */
const INLINE_DRAWS = 20_000;

/**
 * Draws queued on the worker at once. Beyond this a request is refused (429) rather than
 * queued behind minutes of work: 40 requests for a million draws would otherwise hold the
 * worker for tens of seconds and answer most of them after their clients gave up.
 */
export const MAX_QUEUED_DRAWS = 4_000_000;

export class ForecastBusy extends Error {
  override name = 'ForecastBusy';
}

type Reply = { id: number; outcome?: ForecastOutcome; error?: string };

let starting: Promise<Worker | null> | null = null;
let nextId = 0;
let queuedDraws = 0;
const pending = new Map<number, (r: Reply) => void>();

function worker(): Promise<Worker | null> {
  starting ??= workerScript('forecast-worker', import.meta.url).then((url) => {
    if (!url) return null;
    const w = new Worker(url);
    w.unref();
    w.on('message', (r: Reply) => {
      pending.get(r.id)?.(r);
      pending.delete(r.id);
    });
    w.on('error', (e) => {
      for (const resolve of pending.values()) resolve({ id: -1, error: `forecast worker failed: ${e.message}` });
      pending.clear();
      starting = null;
    });
    return w;
  });
  return starting;
}

/** runForecastRequest, off the event loop when it is large; throws ForecastBusy when the worker is full. */
export async function runForecastBounded(defaults: LiveDefaults, query: ForecastQuery): Promise<ForecastOutcome> {
  const draws = query.draws ?? FORECAST_DEFAULTS.draws;
  if (draws <= INLINE_DRAWS) return runForecastRequest(defaults, query);
  if (queuedDraws + draws > MAX_QUEUED_DRAWS) {
    throw new ForecastBusy(
      `the forecast worker has ${queuedDraws.toLocaleString('en')} draws queued; retry shortly or ask for fewer draws`
    );
  }
  // Counted before the first await, so requests arriving together see each other.
  queuedDraws += draws;
  try {
    const w = await worker();
    // No worker script (an unusual install): the cost bound still holds, on this thread.
    if (!w) return runForecastRequest(defaults, query);
    const id = nextId++;
    const r = await new Promise<Reply>((resolve) => {
      pending.set(id, resolve);
      // The worker has its own module state: it is sent the projection this thread uses (an
      // imported file may have replaced the shipped table), so both threads answer alike.
      w.postMessage({ id, defaults, query, projection: currentProjection(), version: projectionVersion() });
    });
    if (r.error !== undefined || !r.outcome) throw new Error(r.error ?? 'forecast worker gave no answer');
    return r.outcome;
  } finally {
    queuedDraws -= draws;
  }
}

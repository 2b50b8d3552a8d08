// A few recent forecast runs, by their exact inputs. GET /api/forecast may be asked many times a
// minute while the inputs change at most once a minute (live-cache.ts); 100,000 draws cost
// tens of milliseconds of the event loop (the simple model), a lookup nothing.
import type { ForecastInputs } from '../../src/lib/contract/forecast';
import { runForecast, type ForecastResult, type RunOptions } from './model';

const MAX = 16;
const memo = new Map<string, ForecastResult>();

/** runForecast with memory. The result is shared between callers: treat it as read-only. */
export function memoRunForecast(inputs: ForecastInputs, opts: RunOptions): ForecastResult {
  const key = JSON.stringify([inputs, opts.draws, opts.seed, opts.horizonYears ?? null]);
  const hit = memo.get(key);
  if (hit) {
    // Re-inserted so the map's insertion order is least recently used first.
    memo.delete(key);
    memo.set(key, hit);
    return hit;
  }
  const r = runForecast(inputs, opts);
  memo.set(key, r);
  if (memo.size > MAX) {
    const oldest = memo.keys().next();
    if (!oldest.done) memo.delete(oldest.value);
  }
  return r;
}

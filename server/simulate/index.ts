// The simulator: fills an empty database with calibrated history and streams live rows.
import type { Engine } from '../engine/engine';
import { DEFAULT_FROM, backfill, type BackfillCounts, type BackfillOptions } from './backfill';

export { backfill, type BackfillCounts, type BackfillOptions } from './backfill';
export { startLiveSimulator } from './live';

interface SimulateLog {
  info(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Seeds the training runs and backfills the history (backfill does both), logging the counts and
 * how long it took; the server calls this once when it finds the database empty.
 */
export async function simulateHistory(
  engine: Engine,
  log: SimulateLog,
  opts: BackfillOptions = {}
): Promise<BackfillCounts & { elapsedMs: number }> {
  const started = performance.now();
  log.info('simulate: backfilling history', { from: (opts.from ?? DEFAULT_FROM).toISOString() });
  const counts = await backfill(engine, opts);
  const elapsedMs = Math.round(performance.now() - started);
  log.info('simulate: history ready', { ...counts, elapsed_ms: elapsedMs });
  return { ...counts, elapsedMs };
}

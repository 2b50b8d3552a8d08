import type { Stream } from '../contract/streams';

/**
 * When a wall scene's figures count as stale, judged per scene: a result older than the scene's
 * own allowance. The server sends a new result only when the rows change, so a result's age is
 * how long its data has stood still, and how long that may be depends on the data:
 *
 * - at least twice the panel's refresh interval (the forecast and training panels refresh every
 *   5 minutes, published series hourly), and never less than the wall's `?stale=` floor;
 * - at least as long as the quietest stream the panel reads may go without a row: crawled
 *   documents arrive continuously, freelance postings a few a day, while training runs and
 *   published series change only when someone imports them, so their age is never a fault
 *   (a lost connection or a failing database is still shown, from the link state).
 */
const QUIET_MS: Record<Stream, number> = {
  crawl: 0,
  samples: 0,
  market: 86_400_000,
  training: Infinity,
  series: Infinity
};

interface SceneFeed {
  /** The panel's refresh interval, ms. */
  refreshMs: number;
  /** The streams the panel reads. */
  streams: readonly Stream[];
}

/** How old a result of this feed may grow before the wall calls it stale, ms (Infinity: never). */
export function allowanceMs(feed: SceneFeed, floorMs: number): number {
  // The panel changes when any of its streams does, so the busiest stream sets the pace.
  const quiet = feed.streams.length ? Math.min(...feed.streams.map((s) => QUIET_MS[s])) : Infinity;
  return Math.max(floorMs, 2 * feed.refreshMs, quiet);
}

/** Epoch ms of the newest result behind a scene and whether that is older than its allowance. */
export function sceneStale(asOf: number | null, feed: SceneFeed, floorMs: number, now: number): { since: number } | null {
  if (asOf === null) return null;
  return now - asOf > allowanceMs(feed, floorMs) ? { since: asOf } : null;
}

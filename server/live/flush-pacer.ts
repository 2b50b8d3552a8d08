/**
 * How long a refresh pass's results may be held before the ones held so far go out, from what
 * the last flush cost. Each flush is one message per socket it reaches, written synchronously on
 * the event loop, so its cost grows with the sockets: about a millisecond for a few hundred, and
 * hundreds of milliseconds for thousands of screens on one core. A fixed hold sized for the first
 * case splits a slow pass into a flush every few tens of milliseconds in the second, and every
 * split multiplies the messages (and the writes) per socket; the queries that follow then wait
 * behind the flushes. Holding at least `perFlush` times the last flush's cost keeps flushing to
 * at most 1 / (perFlush + 1) of a pass's time, and holds a whole pass when flushes are dear.
 */
export class FlushPacer {
  private lastMs = 0;

  /**
   * @param minHoldMs the hold when flushes are cheap (the sockets' passHoldMs)
   * @param perFlush  how many times the last flush's cost a hold lasts at least
   * @param now       the clock a flush is timed by; tests pass a manual one
   */
  constructor(
    private readonly minHoldMs: number,
    private readonly perFlush: number,
    private readonly now: () => number
  ) {}

  /** Runs a flush and keeps its cost, when it sent anything (`run` says whether it did). */
  time(run: () => boolean): void {
    const t0 = this.now();
    if (run()) this.lastMs = Math.max(0, this.now() - t0);
  }

  /** The hold for the next result held in a pass. */
  holdMs(): number {
    return Math.max(this.minHoldMs, this.perFlush * this.lastMs);
  }
}

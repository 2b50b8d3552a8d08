/**
 * The clock and timers of the parts that run on their own (live hub, socket rate limits,
 * simulator). Injected so tests move time by hand and run each tick explicitly, instead of
 * sleeping and hoping the real timers fired.
 */
export interface Timers {
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
  /** Runs `fn` every `ms`; the returned function stops it. */
  every(ms: number, fn: () => void): () => void;
}

/** Node's timers, unref'd: a background tick alone must not keep a process alive. */
export const realTimers: Timers = {
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  }
};

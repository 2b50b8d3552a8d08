import type { Timers } from '../../server/lib/clock';

interface Pending {
  at: number;
  fn: () => void;
  /** Set for `every`: the timer is armed again this long after it fires. */
  period?: number;
}

/**
 * A clock and timers that move only when a test says so. Injected into the hub, the socket rate
 * limiter and the simulator, it makes every tick an explicit step: no sleeps, no race with the
 * machine's load.
 */
export class ManualClock implements Timers {
  private pending: Pending[] = [];
  private listeners: (() => void)[] = [];

  constructor(public t: number) {}

  readonly now = (): number => this.t;

  after(ms: number, fn: () => void): () => void {
    return this.arm({ at: this.t + ms, fn });
  }

  every(ms: number, fn: () => void): () => void {
    return this.arm({ at: this.t + ms, fn, period: ms });
  }

  /** Timers armed and not yet fired or cancelled. */
  get armed(): number {
    return this.pending.length;
  }

  /** Delays of the timers armed, from now. */
  delays(): number[] {
    return this.pending.map((p) => p.at - this.t);
  }

  /** Moves the clock on by `ms`, firing every timer that falls due on the way, in time order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.t = next.at;
      // An interval stays the same entry, so the function that cancels it still finds it.
      if (next.period !== undefined) next.at += next.period;
      else this.pending.splice(this.pending.indexOf(next), 1);
      next.fn();
    }
    this.t = end;
  }

  /** Resolves as soon as at least one timer is armed (at once if one already is). */
  whenArmed(): Promise<void> {
    if (this.pending.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.listeners.push(resolve));
  }

  private arm(p: Pending): () => void {
    this.pending.push(p);
    for (const l of this.listeners.splice(0)) l();
    return () => {
      const i = this.pending.indexOf(p);
      if (i >= 0) this.pending.splice(i, 1);
    };
  }
}

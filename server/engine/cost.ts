import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the engine statements of one measured call cost. The engine's own elapsed time of a
 * statement leaves out the time it waited to start: the embedded engine runs statements one
 * after another, so under steady writes a read's clock time is mostly its wait behind inserts
 * and other reads, which says how busy the engine is, not what the read costs it.
 */
export interface EngineCost {
  /** The engine's own elapsed time, summed over the statements that reported one, in ms. */
  engineMs: number;
  /** Statements run within the call. */
  statements: number;
  /** Statements that ended without an elapsed time (a failure, or an answer that carries none). */
  unreported: number;
  /** Clock time while at least one of the call's statements was outstanding (waiting, running or being read), in ms. */
  outstandingMs: number;
  /** Clock time of the whole call, in ms. */
  wallMs: number;
}

/** Ends one statement with the engine's elapsed time in ms, or null when the engine reported none. */
export type StatementEnd = (engineMs: number | null) => void;

class Meter {
  engineMs = 0;
  statements = 0;
  unreported = 0;
  outstandingMs = 0;
  private open = 0;
  private since = 0;

  constructor(
    readonly now: () => number,
    private readonly parent: Meter | undefined
  ) {}

  begin(): StatementEnd {
    // A call inside another measured call counts its statements in both.
    const outer = this.parent?.begin();
    if (this.open++ === 0) this.since = this.now();
    let ended = false;
    return (ms) => {
      if (ended) return;
      ended = true;
      outer?.(ms);
      this.statements++;
      if (ms === null || !Number.isFinite(ms) || ms < 0) this.unreported++;
      else this.engineMs += ms;
      if (--this.open === 0) this.outstandingMs += this.now() - this.since;
    };
  }

  /** Statements still outstanding when the call returned (started and not awaited) count up to `at`. */
  outstandingUntil(at: number): number {
    return this.outstandingMs + (this.open > 0 ? at - this.since : 0);
  }
}

const current = new AsyncLocalStorage<Meter>();

/**
 * Runs `fn` and adds up what the engine statements it runs (however deep, in whatever order or
 * concurrency) report. Calls measured at the same time (the hub's concurrent refreshes) each see
 * only their own statements: the meter travels with the call's asynchronous context.
 */
export async function measureEngine<T>(
  fn: () => Promise<T>,
  now: () => number = () => performance.now()
): Promise<{ value: T; cost: EngineCost }> {
  const meter = new Meter(now, current.getStore());
  const started = now();
  const value = await current.run(meter, fn);
  const ended = now();
  return {
    value,
    cost: {
      engineMs: meter.engineMs,
      statements: meter.statements,
      unreported: meter.unreported,
      outstandingMs: meter.outstandingUntil(ended),
      wallMs: ended - started
    }
  };
}

const nothing: StatementEnd = () => {};

/** Called by the engine as a statement is sent; the result is called once it has ended. A no-op outside measureEngine. */
export function statementBegins(): StatementEnd {
  return current.getStore()?.begin() ?? nothing;
}

import type { EventEmitter } from 'node:events';
import type { Counter } from 'prom-client';
import type { Logger } from './log';

type ErrorClass = 'io' | 'bug';

/** How long one I/O error that slipped through keeps /api/health degraded. */
export const IO_DEGRADED_MS = 15 * 60_000;

/**
 * Errors that reached the top of the process: uncaught exceptions and unhandled rejections.
 *
 * Why the guard keeps the process running instead of exiting (Node's default): Node warns that
 * after an uncaught exception the code that threw may have left its state half-changed. In this
 * server the state that outlives one request is the engine client, the live hub and the ingest
 * pipeline, and each of them catches its own failures (per query, per tick, per batch). What
 * reaches the top is an error from one stream, socket, request or timer callback (a file
 * deleted under a read, a client gone mid-download), and the state it leaves broken is that
 * object's, which is closed with it. Exiting would turn one lost download into every wall on
 * the server going dark and the embedded engine reopening. So:
 *
 * - `io` errors (an errno code such as ECONNRESET, EPIPE, ENOENT, or a stream's ERR_STREAM_*)
 *   are recoverable: logged as warnings, counted, and health reads degraded for 15 minutes.
 * - anything else is a bug whose damage cannot be bounded from here: logged with its stack,
 *   counted, and health stays degraded until a restart, so an operator (or a check on
 *   /api/health) replaces the process at a moment of their choosing, with the no-dark-wall
 *   upgrade in docs/OPERATIONS.md, rather than at the worst moment.
 *
 * What cannot be recovered from never reaches here: running out of memory aborts the process,
 * and a failure while starting (configuration, engine, port) exits from main().
 */
export class ProcessGuard {
  private count = 0;
  private lastIoAt = Number.NEGATIVE_INFINITY;
  private lastError: { at: string; class: ErrorClass; message: string } | null = null;
  private bug = false;

  constructor(
    private readonly log: Logger,
    private readonly counter: Counter<'kind' | 'class'>,
    private readonly now: () => number = Date.now
  ) {}

  /** Listens on the process (or any emitter of the same events); returns the uninstaller. */
  install(target: EventEmitter = process): () => void {
    const onException = (e: unknown) => this.record('exception', e);
    const onRejection = (e: unknown) => this.record('rejection', e);
    target.on('uncaughtException', onException);
    target.on('unhandledRejection', onRejection);
    return () => {
      target.off('uncaughtException', onException);
      target.off('unhandledRejection', onRejection);
    };
  }

  record(kind: 'exception' | 'rejection', e: unknown): ErrorClass {
    const err = e instanceof Error ? e : new Error(String(e));
    const cls = classify(err);
    this.count++;
    this.counter.inc({ kind, class: cls });
    this.lastError = { at: new Date(this.now()).toISOString(), class: cls, message: err.message };
    const fields = { kind, class: cls, error: err.message, code: (err as NodeJS.ErrnoException).code, stack: err.stack };
    if (cls === 'io') {
      this.lastIoAt = this.now();
      this.log.warn('uncaught I/O error, the process continues', fields);
    } else {
      this.bug = true;
      this.log.error('uncaught error, the process continues degraded until restarted', fields);
    }
    return cls;
  }

  /** For /api/health: degraded after a bug, or for a while after an I/O error. */
  status(): { degraded: boolean; uncaught_errors: number; last_uncaught: { at: string; class: ErrorClass; message: string } | null } {
    const degraded = this.bug || this.now() - this.lastIoAt < IO_DEGRADED_MS;
    return { degraded, uncaught_errors: this.count, last_uncaught: this.lastError };
  }
}

export function classify(e: Error): ErrorClass {
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code !== 'string') return 'bug';
  return /^E[A-Z]+$/.test(code) || code.startsWith('ERR_STREAM_') ? 'io' : 'bug';
}

import type { EngineError } from './errors';

/** Why the engine is degraded, in words a person at /api/health can act on. */
export type DegradedReason =
  | 'engine unavailable'
  | 'engine overloaded'
  | 'engine refused the credentials'
  | 'engine user may not write'
  | 'disk full'
  | 'data directory read-only';

const REASON_BY_KIND: Partial<Record<EngineError['kind'], DegradedReason>> = {
  disk_full: 'disk full',
  read_only: 'data directory read-only',
  unavailable: 'engine unavailable',
  overloaded: 'engine overloaded',
  credentials: 'engine refused the credentials',
  not_permitted: 'engine user may not write'
};

/** Reasons only a successful write clears: a read working says nothing about them. */
const WRITE_REASONS: ReadonlySet<DegradedReason> = new Set(['disk full', 'data directory read-only', 'engine user may not write']);

export interface EngineStatus {
  ok: boolean;
  reason: DegradedReason | null;
  /** When the status last changed or was confirmed (epoch ms). */
  checkedAt: number;
}

/**
 * What the engine's recent answers say about it, so /api/health can answer at once from memory
 * instead of queueing a probe behind the queries of a busy engine.
 *
 * A storage failure (disk full, read-only) or a user that may not write is cleared only by a
 * write that succeeds: a read working says nothing about them. An unreachable, overloaded or
 * credential-refusing engine is cleared by any success.
 */
export class EngineState {
  private reason: DegradedReason | null = null;
  private checkedAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  failed(e: EngineError): void {
    const reason = REASON_BY_KIND[e.kind];
    if (reason === undefined) return;
    this.reason = reason;
    this.checkedAt = this.now();
  }

  succeeded(write: boolean): void {
    if (this.reason === null || write || !WRITE_REASONS.has(this.reason)) this.reason = null;
    this.checkedAt = this.now();
  }

  status(): EngineStatus {
    return { ok: this.reason === null, reason: this.reason, checkedAt: this.checkedAt };
  }
}

import type { EngineError } from './errors';

/** Why the engine is degraded, in words a person at /api/health can act on. */
export type DegradedReason = 'engine unavailable' | 'disk full' | 'data directory read-only';

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
 * A storage failure (disk full, read-only) is cleared only by a write that succeeds: a read
 * working says nothing about free space. An unreachable engine is cleared by any success.
 */
export class EngineState {
  private reason: DegradedReason | null = null;
  private checkedAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  failed(e: EngineError): void {
    const reason: DegradedReason | null =
      e.kind === 'disk_full'
        ? 'disk full'
        : e.kind === 'read_only'
          ? 'data directory read-only'
          : e.kind === 'unavailable'
            ? 'engine unavailable'
            : null;
    if (reason === null) return;
    this.reason = reason;
    this.checkedAt = this.now();
  }

  succeeded(write: boolean): void {
    if (this.reason === null || write || this.reason === 'engine unavailable') this.reason = null;
    this.checkedAt = this.now();
  }

  status(): EngineStatus {
    return { ok: this.reason === null, reason: this.reason, checkedAt: this.checkedAt };
  }
}

import type { EngineError } from './errors';

/** Why the engine is degraded, in words a person at /api/health can act on. */
type DegradedReason =
  | 'engine unavailable'
  | 'engine overloaded'
  | 'engine refused the credentials'
  | 'engine user may not write'
  | 'disk full'
  | 'data directory read-only'
  | 'storage fault'
  | 'missing data part'
  | 'memory limit';

/** Faults of part of the data, not of the whole engine: health stays 200, degraded, for this long after the last. */
export const DATA_FAULT_MS = 15 * 60_000;
const DATA_FAULTS: Partial<Record<EngineError['kind'], DegradedReason>> = {
  storage: 'storage fault',
  missing_part: 'missing data part',
  memory: 'memory limit'
};

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

interface EngineStatus {
  ok: boolean;
  reason: DegradedReason | null;
  /**
   * A storage, missing-part or memory fault seen in the last DATA_FAULT_MS: the engine answers,
   * but some reads fail. Other queries succeeding says nothing about it, so only time clears it.
   */
  fault: { reason: DegradedReason; at: number; message: string } | null;
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
  private fault: { reason: DegradedReason; at: number; message: string } | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  failed(e: EngineError): void {
    const data = DATA_FAULTS[e.kind];
    if (data) {
      this.fault = { reason: data, at: this.now(), message: e.message.split('\n')[0]?.slice(0, 300) ?? '' };
      return;
    }
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
    if (this.fault && this.now() - this.fault.at > DATA_FAULT_MS) this.fault = null;
    return { ok: this.reason === null, reason: this.reason, checkedAt: this.checkedAt, fault: this.fault };
  }
}

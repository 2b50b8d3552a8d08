/**
 * Admission control for request bodies held in memory: at most `maxBodies` at once and at most
 * `maxBytes` between them. A request that does not fit is turned away at once (429 with
 * Retry-After) rather than queued: a queue of uploads would hold their sockets and their bytes,
 * which is the memory this bound exists to cap. One body is always let in when nothing else is
 * in flight, so a single upload up to the size limit never waits on the byte budget.
 *
 * One address holds at most `perAddress` of the places while another body is in flight, so slow
 * or broken uploads from one client cannot take every place; and a body that brings fewer than
 * `minBytesPerWindow` bytes in a window of `idleMs` is cut (server/http/body.ts), so a place is
 * never held by a body that has stopped.
 */
import { realTimers, type Timers } from '../lib/clock';

export interface AdmissionLimits {
  /** Bodies read, checked or written at once. @default 4 */
  maxBodies: number;
  /** Bytes of those bodies together (after decompression). @default 64 MiB */
  maxBytes: number;
  /** Places one client address may hold while another body is in flight. @default half of maxBodies, at least 1 */
  perAddress: number;
  /** Length of the window a body must bring `minBytesPerWindow` bytes in, or be cut with a 408. @default 10 s */
  idleMs: number;
  /** Bytes (as sent, before decompression) a body must bring in each window. @default 1 KiB */
  minBytesPerWindow: number;
}

const DEFAULT_ADMISSION: Omit<AdmissionLimits, 'perAddress'> = {
  maxBodies: 4,
  maxBytes: 64 * 1024 * 1024,
  idleMs: 10_000,
  minBytesPerWindow: 1024
};

export interface Ticket {
  /** Counts `n` more bytes against the budget; false when they do not fit. */
  charge(n: number): boolean;
  release(): void;
}

/** Why a body was turned away: the whole server is at capacity, or this address holds its share. */
type Refusal = 'capacity' | 'address';

export class Admission {
  private bodies = 0;
  private bytes = 0;
  private readonly byAddress = new Map<string, number>();
  readonly limits: AdmissionLimits;

  constructor(
    limits: Partial<AdmissionLimits> = {},
    /** The timers that measure a body's windows; tests inject a manual clock. */
    readonly timers: Timers = realTimers
  ) {
    const merged = { ...DEFAULT_ADMISSION, ...limits };
    this.limits = { perAddress: Math.max(1, Math.floor(merged.maxBodies / 2)), ...merged };
  }

  /**
   * A ticket reserving `reserve` bytes (a declared Content-Length) for a body from `address`,
   * or why there is none.
   */
  tryEnter(reserve: number, address = ''): Ticket | Refusal {
    const alone = this.bodies === 0;
    const held = this.byAddress.get(address) ?? 0;
    if (!alone) {
      if (this.bodies >= this.limits.maxBodies || this.bytes + reserve > this.limits.maxBytes) return 'capacity';
      if (held >= this.limits.perAddress) return 'address';
    }
    this.bodies++;
    this.bytes += reserve;
    this.byAddress.set(address, held + 1);
    let read = 0;
    let counted = reserve;
    let released = false;
    return {
      charge: (n) => {
        read += n;
        // Bytes within the reservation are already counted.
        const extra = read - counted;
        if (extra <= 0) return true;
        if (this.bodies > 1 && this.bytes + extra > this.limits.maxBytes) return false;
        counted = read;
        this.bytes += extra;
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        this.bodies--;
        this.bytes -= counted;
        const left = (this.byAddress.get(address) ?? 1) - 1;
        if (left > 0) this.byAddress.set(address, left);
        else this.byAddress.delete(address);
      }
    };
  }

  inFlight(): { bodies: number; bytes: number; addresses: number } {
    return { bodies: this.bodies, bytes: this.bytes, addresses: this.byAddress.size };
  }
}

/**
 * Admission control for request bodies held in memory: at most `maxBodies` at once and at most
 * `maxBytes` between them. A request that does not fit is turned away at once (429 with
 * Retry-After) rather than queued: a queue of uploads would hold their sockets and their bytes,
 * which is the memory this bound exists to cap. One body is always let in when nothing else is
 * in flight, so a single upload up to the size limit never waits on the byte budget.
 */
export interface AdmissionLimits {
  /** Bodies read, checked or written at once. @default 4 */
  maxBodies: number;
  /** Bytes of those bodies together (after decompression). @default 64 MiB */
  maxBytes: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { maxBodies: 4, maxBytes: 64 * 1024 * 1024 };

export interface Ticket {
  /** Counts `n` more bytes against the budget; false when they do not fit. */
  charge(n: number): boolean;
  release(): void;
}

export class Admission {
  private bodies = 0;
  private bytes = 0;

  constructor(readonly limits: AdmissionLimits = DEFAULT_ADMISSION) {}

  /** A ticket reserving `reserve` bytes (a declared Content-Length), or null when full. */
  tryEnter(reserve: number): Ticket | null {
    const alone = this.bodies === 0;
    if (!alone && (this.bodies >= this.limits.maxBodies || this.bytes + reserve > this.limits.maxBytes)) return null;
    this.bodies++;
    this.bytes += reserve;
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
      }
    };
  }

  inFlight(): { bodies: number; bytes: number } {
    return { bodies: this.bodies, bytes: this.bytes };
  }
}

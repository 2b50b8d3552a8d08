import type { SharedResult } from '../../src/lib/contract/socket';
import type { DataChange } from '../../src/lib/contract/streams';

/**
 * What the hub asks of the other servers of a fleet (server/fleet, REDIS_URL set). Without it
 * the hub runs every view it serves; with it, one server per view runs the query and the others
 * take its result, so the engine's load grows with distinct views, not with servers.
 *
 * Every method answers from this server alone when the fleet cannot be reached: a server whose
 * Redis is down carries on as if it were the only one.
 */
export interface FleetLink {
  /** How long a lease lasts unrenewed: how long a view due here waits on its holder's result. */
  readonly leaseMs: number;
  /**
   * Of these due keys, the ones this server runs now: those whose lease it holds or takes. A peer
   * holding a live lease runs the rest and shares the result. `now` is the hub's clock.
   */
  claim(keys: readonly string[], now: number): Promise<ReadonlySet<string>>;
  /** A key's query ran here: the result to peers (rows only when they changed). */
  share(result: SharedResult): void;
  /** The last result the holder of a key shared, for a subscriber that has none yet. */
  latest(key: string): Promise<SharedResult | null>;
  /** Rows were written here: peers mark the views this change reaches due. */
  dirtied(change: DataChange): void;
  /** No one here watches these keys any more: a peer with viewers takes them at once. */
  release(keys: readonly string[]): void;
}

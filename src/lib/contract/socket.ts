import type { PanelId } from './panels';
import type { PanelFilters } from './filters';
import type { DataChange } from './streams';
import type { AnnotationsDelta, AnnotationsSnapshot } from './annotations';

/** A cell of a panel row: numbers (times are epoch milliseconds), labels, or null. */
export type Cell = string | number | null;
export type PanelRow = Record<string, Cell>;

export interface SubscribeRequest {
  panel: PanelId;
  filters?: PanelFilters;
  /**
   * Ask for `panel:delta` messages: the whole result once (`panel:data`), then only the rows that
   * changed. Without it every change comes as a whole `panel:data`, as for scripts written
   * before deltas existed.
   */
  deltas?: boolean;
}
/**
 * A request the server turned down, with its reason. `retry_after_ms` comes only with the rate
 * limit: the same request sent after that long is taken.
 */
export interface Refusal {
  error: string;
  retry_after_ms?: number;
}
export type SubscribeAck = { key: string } | Refusal;

export interface PanelData {
  /** Subscription key: panel plus canonical filters, the same for every client with that view. */
  key: string;
  panel: PanelId;
  rows: PanelRow[];
  /** When the server computed these rows (ISO 8601). */
  as_of: string;
  /** Increments each time the rows for this key change; a client ignores anything not newer. */
  seq: number;
  /**
   * Which run of the server counted `seq` (a restarted server counts from 1 again): a delta
   * applies only to rows from the same run.
   */
  run: string;
}

/**
 * One edit of a row list, in the positions of the rows it applies to: remove `del` rows starting
 * at `at`, and put `rows` in their place. Rows added at the end are `{at: length, del: 0}`, an
 * open bucket's new values `{del: 1, rows: [row]}`, a window sliding past old rows `{at: 0, rows: []}`.
 * With `set` (and `rows` empty), the `del` rows at `at` are not removed but changed in place:
 * row `at + i` takes the cells of `set[i]`, the cells that changed, and keeps its others. A
 * breakdown whose shares all move by a little (one more document in the denominator) goes out as
 * its changed numbers rather than as every row again.
 */
export interface RowSplice {
  at: number;
  del: number;
  rows: PanelRow[];
  set?: PanelRow[];
}

/**
 * What changed between the result a client holds (`base`) and the one the server now has (`seq`).
 * Splices are in ascending order of `at` and do not overlap; applied to the rows at `base` they
 * give rows equal, in order, to the whole result at `seq`. A client holding anything else asks
 * for the whole result (`resync`) instead of applying it.
 */
export interface PanelDelta {
  key: string;
  panel: PanelId;
  as_of: string;
  seq: number;
  base: number;
  run: string;
  splices: RowSplice[];
}

/**
 * One live result inside a `panel:batch`, as the event it would otherwise have been sent as:
 * `['panel:data', PanelData]` or `['panel:delta', PanelDelta]`.
 */
export type LivePush = ['panel:data', PanelData] | ['panel:delta', PanelDelta];

/**
 * What a client says in its handshake (`io(url, {auth})`). `batch: true` asks for `panel:batch`:
 * every live result due to the socket in one refresh pass in one message, instead of one message
 * each. `token` is the read token when the server has one.
 */
export interface HandshakeAuth {
  token?: string;
  batch?: boolean;
}

export interface StatusEvent {
  engine: 'chdb' | 'clickhouse';
  degraded: boolean;
  /** Age of the oldest live result the server holds, in ms: how far behind the screen can be. */
  lag_ms: number;
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: { key: string }, ack?: (res: { ok: true } | Refusal) => void) => void;
  /** Send me the whole current result of a key I hold (as `panel:data`): I missed a delta. */
  resync: (req: { key: string }, ack?: (res: { ok: true } | Refusal) => void) => void;
  /** Send me every annotation now (the ack) and each change after it (`annotations:delta`). */
  'annotations:subscribe': (req: Record<string, never>, ack: (res: AnnotationsSnapshot | { error: string }) => void) => void;
}

export interface ServerToClientEvents {
  /** The whole result: on subscribe, on resync, and for each change to a subscriber without deltas. */
  'panel:data': (data: PanelData) => void;
  /** What changed, to subscribers that asked for deltas and hold the result at `base`. */
  'panel:delta': (delta: PanelDelta) => void;
  /**
   * To sockets whose handshake asked for it (`auth.batch`): two or more results due to the
   * socket at once, in the order they would have been sent one by one. A single result still
   * comes as its own `panel:data` or `panel:delta`.
   */
  'panel:batch': (pushes: LivePush[]) => void;
  status: (s: StatusEvent) => void;
  /** What changed in the annotations since `base`, to sockets that subscribed to them. */
  'annotations:delta': (delta: AnnotationsDelta) => void;
}

/**
 * What the servers of a fleet (REDIS_URL set) tell each other through socket.io's Redis adapter
 * (`io.serverSideEmit`); a single server sends none.
 */
export interface InterServerEvents {
  /** Rows were written on the sending server (a stream's, or crawl files' records): every view that change reaches is due. */
  'fleet:dirty': (change: DataChange) => void;
  /** A view's query ran on the server holding its lease: its result, or that it did not change. */
  'fleet:result': (r: SharedResult) => void;
  /**
   * Annotations changed on the sending server: peers read these ids (or, after a large batch,
   * every annotation) again from the shared store and pass the change to their screens.
   */
  'fleet:annotations': (ids: string[] | 'all') => void;
  /** The sending server gave up these views' leases (no viewer left there): a peer with viewers takes them. */
  'fleet:released': (keys: string[]) => void;
}

/** One run of a view's query, from the server that ran it to its peers. */
export interface SharedResult {
  key: string;
  /** sha1 over the rows' JSON texts: peers holding the same hash hold the same rows. */
  hash: string;
  /** When the query ran (ms since epoch, the runner's clock). */
  checked_at: number;
  /** The rows, when they changed since the runner's previous result; absent when unchanged. */
  rows?: PanelRow[];
  /**
   * Until when (ms since epoch, the runner's clock) the runner's lease of the key lasts at the
   * least; absent when it ran the key without holding the lease (a first result for a newcomer).
   */
  lease_until?: number;
}

export interface SocketData {
  subscriptions: Set<string>;
  /** The handshake asked for `panel:batch` (HandshakeAuth.batch). */
  batch: boolean;
}

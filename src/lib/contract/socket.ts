import type { PanelId } from './panels';
import type { PanelFilters } from './filters';

/** A cell of a panel row: numbers (times are epoch milliseconds), labels, or null. */
export type Cell = string | number | null;
export type PanelRow = Record<string, Cell>;

export interface SubscribeRequest {
  panel: PanelId;
  filters?: PanelFilters;
}
export type SubscribeAck = { key: string } | { error: string };

export interface PanelData {
  /** Subscription key: panel plus canonical filters, the same for every client with that view. */
  key: string;
  panel: PanelId;
  rows: PanelRow[];
  /** When the server computed these rows (ISO 8601). */
  as_of: string;
  /** Increments each time the rows for this key change; a client ignores anything not newer. */
  seq: number;
}

export interface StatusEvent {
  engine: 'chdb' | 'clickhouse';
  degraded: boolean;
  /** Age of the oldest live result the server holds, in ms: how far behind the screen can be. */
  lag_ms: number;
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: { key: string }, ack?: (res: { ok: true } | { error: string }) => void) => void;
}

export interface ServerToClientEvents {
  'panel:data': (data: PanelData) => void;
  status: (s: StatusEvent) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  subscriptions: Set<string>;
}

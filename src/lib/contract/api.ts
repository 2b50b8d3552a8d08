import type { Stream } from './streams';

/** GET /api/health */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  engine: 'chdb' | 'clickhouse';
  version: string;
  uptime_s: number;
  /** Streams holding rows the simulator wrote (by each row's origin); empty with only real data. */
  simulated: Stream[];
  /** True while a start is still loading history (the simulator's backfill, the published series). */
  filling_history: boolean;
}

/** One entry of GET /api/streams. Times are ISO 8601 UTC, null for an empty stream. */
export interface StreamStats {
  rows: number;
  last_ts: string | null;
  /** Rows the simulator wrote (origin 'simulator'); the rest came from producers and imports. */
  simulated_rows: number;
  /** Time span of the simulated rows, null when there are none: a window outside it is all real. */
  simulated_from: string | null;
  simulated_to: string | null;
}
export type StreamsResponse = Record<Stream, StreamStats>;

/** 200 of POST /api/ingest/{stream}. `replayed` is true when an Idempotency-Key matched an earlier request. */
export interface IngestResponse {
  accepted: number;
  stream: Stream;
  replayed?: boolean;
}

/** Every 4xx/5xx body. `line` and `field` locate a bad NDJSON row; `param` a bad query parameter. */
export interface ErrorResponse {
  error: string;
  line?: number;
  field?: string;
  param?: string;
}

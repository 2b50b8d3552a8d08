import type { LeftOutRows } from './bounds';
import type { Stream } from './streams';

/** GET /api/health */
export interface HealthResponse {
  /** degraded: the engine does not answer (HTTP 503), or the process survived an uncaught error lately (HTTP 200). */
  status: 'ok' | 'degraded';
  engine: 'chdb' | 'clickhouse';
  version: string;
  /** The engine's version() (chDB's or the server's). */
  engine_version: string;
  /** CLICKHOUSE_CLUSTER, the cluster the schema is on; null for one server or the embedded engine. */
  cluster: string | null;
  uptime_s: number;
  /** Streams holding rows the simulator wrote (by each row's origin); empty with only real data. */
  simulated: Stream[];
  /** True while a start is still loading history (the simulator's backfill, the published series). */
  filling_history: boolean;
  engine_ok: boolean;
  /** Uncaught exceptions and unhandled rejections survived since start. */
  uncaught_errors: number;
  last_uncaught: { at: string; class: 'io' | 'bug'; message: string } | null;
  /**
   * Why it is degraded: 'engine unavailable', 'engine overloaded', 'engine refused the
   * credentials', 'engine user may not write', 'disk full', 'data directory read-only', or a
   * fault of part of the data in the last 15 minutes: 'storage fault', 'missing data part',
   * 'memory limit'; in a fleet, 'redis unavailable'.
   */
  reason?: string;
  /** The latest data fault (storage, missing part, memory) in the last 15 minutes, with the engine's words. */
  fault?: { reason: string; at: string; message: string };
  /**
   * Stored rows a read left out because they cannot be used (beyond src/lib/contract/bounds.ts),
   * by reader: 'forecast' or a panel id. Present only when some were; the status is then degraded.
   */
  left_out?: (LeftOutRows & { reader: string })[];
  /** Present in fleet mode (REDIS_URL set). */
  fleet?: FleetHealth;
}

/** A fleet member's view of the fleet, in /api/health. */
export interface FleetHealth {
  /** This server's name in the fleet (leases and shared results carry it). */
  server: string;
  /** False while Redis does not answer: this server then runs every view itself and hears no peer (degraded). */
  redis_ok: boolean;
  /** View leases this server holds: the views whose queries it runs for the whole fleet. */
  leases: number;
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

/**
 * 200 of POST /api/ingest/warc. `accepted` documents were written now; `duplicates` had a
 * WARC-Record-ID imported before; `skipped` counts records that hold no document, by reason.
 * A replayed request (same Idempotency-Key) answers `accepted` and `replayed` only.
 */
export interface WarcIngestResponse {
  accepted: number;
  stream: 'warc';
  records?: number;
  documents?: number;
  duplicates?: number;
  skipped?: Record<string, number>;
  replayed?: boolean;
}

/** Every 4xx/5xx body. `line` and `field` locate a bad NDJSON row; `param` a bad query parameter. */
export interface ErrorResponse {
  error: string;
  line?: number;
  field?: string;
  param?: string;
  /** A crawl-file record (1-based, in file order) and why it was refused. */
  record?: number;
  reason?: string;
  /** A 5xx from the engine: which engine failed, and how (timeout, unavailable, disk_full, storage, ...). */
  engine?: 'chdb' | 'clickhouse';
  kind?: string;
  /** An insert a materialized view failed: the rows the table kept all the same, and the view. */
  kept?: { table: string; rows: number };
  failed_view?: string;
}

/**
 * The five ingest streams and the raw table behind each. Field names of the rows are the
 * public contract (see docs/INGEST.md); the server validates them in server/ingest/rows.
 */
export const STREAMS = ['crawl', 'market', 'samples', 'training', 'series'] as const;
export type Stream = (typeof STREAMS)[number];

/**
 * What a write changed, for the live refresh (server/live/hub.ts): a stream's rows, or the
 * records of crawl files. A WARC body writes both, its documents through the crawl stream and
 * then one record per document (crawl_records); a crawl NDJSON body writes documents only.
 */
export const DATA_CHANGES = [...STREAMS, 'crawl_files'] as const;
export type DataChange = (typeof DATA_CHANGES)[number];

export const STREAM_TABLES = {
  crawl: 'crawl_documents',
  market: 'market_postings',
  samples: 'model_samples',
  training: 'training_runs',
  series: 'series'
} as const satisfies Record<Stream, string>;

export const PROVENANCES = ['human', 'ai', 'mixed', 'unknown'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export const MARKET_CATEGORIES = ['writing', 'translation', 'illustration', 'coding', 'data_entry', 'video', 'other'] as const;
export type MarketCategory = (typeof MARKET_CATEGORIES)[number];

export function isStream(s: string): s is Stream {
  return (STREAMS as readonly string[]).includes(s);
}

/**
 * Who wrote a row. The simulator's rows carry `simulator`; everything else (HTTP ingest, the
 * importer, the published files loaded at start) is `ingest`. Recorded per row, so a screen can
 * say which of its numbers are simulated without guessing from the values.
 */
export const ORIGINS = ['ingest', 'simulator'] as const;
export type Origin = (typeof ORIGINS)[number];

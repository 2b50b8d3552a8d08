-- Each text's gzip size (level 9, header and trailer included), computed by Node at ingest:
-- ClickHouse has no gzip function in SQL, and the compression-ratio rollups sum it. 0 means not
-- known: rows stored before this migration, and empty texts.
ALTER TABLE model_samples ${ON_CLUSTER} ADD COLUMN IF NOT EXISTS gzip_bytes UInt32 DEFAULT 0

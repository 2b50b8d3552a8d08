-- Raw crawled documents, one row per fetched document.
-- Read mostly by content type and language, then by time: those lead the sort key so the
-- explorer's filters skip granules; the month partition lets a time range drop whole parts.
-- The deduplication window makes a retried insert with the same token a no-op.
CREATE TABLE IF NOT EXISTS crawl_documents ${ON_CLUSTER}
(
    ts            DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    published_at  Nullable(DateTime64(3, 'UTC')),
    url           String CODEC(ZSTD(1)),
    domain        LowCardinality(String),
    tld           LowCardinality(String),
    lang          LowCardinality(String),
    content_type  LowCardinality(String),
    crawl_source  LowCardinality(String),
    tokens        UInt32,
    provenance    Enum8('human' = 1, 'ai' = 2, 'mixed' = 3, 'unknown' = 4),
    ai_score      Nullable(Float32),
    detector      LowCardinality(String),
    quality       Nullable(Float32),
    simhash       UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (content_type, lang, domain, ts)
SETTINGS non_replicated_deduplication_window = 1000

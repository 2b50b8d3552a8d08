-- Raw crawled documents, one row per fetched document.
-- Read mostly by content type and language, then by time: those lead the sort key so the
-- explorer's filters skip granules; the month partition lets a time range drop whole parts.
-- The deduplication window makes a retried insert with the same token a no-op.
-- Defaults are the ingest contract's: rows that leave a field out get it here, so ingest can
-- hand ClickHouse the lines as they were sent (see server/ingest/batch.ts).
CREATE TABLE IF NOT EXISTS crawl_documents ${ON_CLUSTER}
(
    ts            DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    published_at  Nullable(DateTime64(3, 'UTC')),
    url           String CODEC(ZSTD(1)),
    -- The URL's host, lower case, without a leading www.
    domain        LowCardinality(String) DEFAULT replaceRegexpOne(lower(domain(url)), '^www\\.', ''),
    tld           LowCardinality(String) DEFAULT splitByChar('.', domain)[-1],
    lang          LowCardinality(String),
    content_type  LowCardinality(String),
    crawl_source  LowCardinality(String) DEFAULT 'unknown',
    tokens        UInt32,
    provenance    Enum8('human' = 1, 'ai' = 2, 'mixed' = 3, 'unknown' = 4),
    ai_score      Nullable(Float32),
    detector      LowCardinality(String) DEFAULT 'none',
    quality       Nullable(Float32),
    simhash       UInt64 DEFAULT 0
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (content_type, lang, domain, ts)
SETTINGS non_replicated_deduplication_window = 1000

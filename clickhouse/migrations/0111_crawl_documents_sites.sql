-- A copy of crawl_documents' structure (0001 and 0027, column for column, same key and
-- partitions) to write the rows with their site into. domain leads no partition but is in the
-- sort key, which ALTER ... UPDATE may not change: the rows are rewritten here, then their parts
-- replace the table's (0114), which no materialized view sees, so no rollup counts a row twice.
CREATE TABLE IF NOT EXISTS crawl_documents_sites ${ON_CLUSTER}
(
    ts            DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    published_at  Nullable(DateTime64(3, 'UTC')),
    url           String CODEC(ZSTD(1)),
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
    simhash       UInt64 DEFAULT 0,
    origin        LowCardinality(String) DEFAULT 'ingest'
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (content_type, lang, domain, ts)
SETTINGS non_replicated_deduplication_window = 1000

-- Daily crawl counts by every low-cardinality filter the overview uses. A month of history is
-- a few thousand rows here against millions in crawl_documents. Its own deduplication window
-- lets a retried insert skip the rollup as well as the raw table.
CREATE TABLE IF NOT EXISTS crawl_daily ${ON_CLUSTER}
(
    day           Date,
    content_type  LowCardinality(String),
    lang          LowCardinality(String),
    crawl_source  LowCardinality(String),
    detector      LowCardinality(String),
    tld           LowCardinality(String),
    provenance    Enum8('human' = 1, 'ai' = 2, 'mixed' = 3, 'unknown' = 4),
    docs          UInt64,
    tokens        UInt64
)
ENGINE = SummingMergeTree((docs, tokens))
PARTITION BY toYear(day)
ORDER BY (content_type, lang, crawl_source, detector, tld, provenance, day)
SETTINGS non_replicated_deduplication_window = 1000

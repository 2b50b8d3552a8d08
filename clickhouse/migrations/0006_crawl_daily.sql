-- Daily crawl counts by content type and language, the filters of the overview. A year of
-- history is at most a few hundred thousand rows here however many documents were crawled.
-- Finer filters (source, detector, tld, domain) read the raw table: adding them to this key
-- multiplies its rows until it is no smaller than the raw table. Its own deduplication window
-- lets a retried insert skip the rollup as well as the raw table.
CREATE TABLE IF NOT EXISTS crawl_daily ${ON_CLUSTER}
(
    day           Date,
    content_type  LowCardinality(String),
    lang          LowCardinality(String),
    provenance    Enum8('human' = 1, 'ai' = 2, 'mixed' = 3, 'unknown' = 4),
    docs          UInt64,
    tokens        UInt64
)
ENGINE = SummingMergeTree((docs, tokens))
PARTITION BY toYear(day)
ORDER BY (content_type, lang, provenance, day)
SETTINGS non_replicated_deduplication_window = 1000

-- Per-minute crawl counts for the live end of the charts (minute and hour grain). Kept for
-- 90 days; older ranges are read from crawl_daily.
CREATE TABLE IF NOT EXISTS crawl_minute ${ON_CLUSTER}
(
    minute        DateTime('UTC'),
    content_type  LowCardinality(String),
    lang          LowCardinality(String),
    provenance    Enum8('human' = 1, 'ai' = 2, 'mixed' = 3, 'unknown' = 4),
    docs          UInt64,
    tokens        UInt64
)
ENGINE = SummingMergeTree((docs, tokens))
PARTITION BY toYYYYMM(minute)
ORDER BY (content_type, lang, provenance, minute)
TTL minute + INTERVAL 90 DAY
SETTINGS non_replicated_deduplication_window = 1000

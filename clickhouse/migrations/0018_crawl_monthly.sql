-- Monthly crawl counts by content type and language: the whole months of long windows (the
-- overview's six years at month grain), read beside crawl_daily for the days at the edges. At
-- most a few hundred rows a month (content types x languages x 4 classes), so six years read
-- ~25k rows where crawl_daily holds ~30x as many. Partitioned by year like the other rollups.
CREATE TABLE IF NOT EXISTS crawl_monthly ${ON_CLUSTER}
(
    month         Date,
    content_type  LowCardinality(String),
    lang          LowCardinality(String),
    provenance    Enum8('human' = 1, 'ai' = 2, 'mixed' = 3, 'unknown' = 4),
    docs          UInt64,
    tokens        UInt64
)
ENGINE = SummingMergeTree((docs, tokens))
PARTITION BY toYear(month)
ORDER BY (content_type, lang, provenance, month)
SETTINGS non_replicated_deduplication_window = 1000

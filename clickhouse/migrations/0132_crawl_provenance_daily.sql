-- Crawl counts per day and provenance class, with no other key: what the AI share and the
-- tokens-by-provenance panels need for a view without filters (their defaults, six years by
-- month). crawl_daily answers the same from a row per content type, language and class (a few
-- hundred rows a day), sorted by those before the day, so its ragged ends read whole partitions;
-- here a day is four rows, sorted by day first.
CREATE TABLE IF NOT EXISTS crawl_provenance_daily ${ON_CLUSTER}
(
    day           Date,
    provenance    Enum8('human' = 1, 'ai' = 2, 'mixed' = 3, 'unknown' = 4),
    docs          UInt64,
    tokens        UInt64
)
ENGINE = SummingMergeTree((docs, tokens))
PARTITION BY toYear(day)
ORDER BY (day, provenance)
SETTINGS non_replicated_deduplication_window = 1000

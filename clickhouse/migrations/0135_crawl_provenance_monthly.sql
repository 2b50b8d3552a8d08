-- Crawl counts per month and provenance class: the whole months of an unfiltered AI-share or
-- tokens-by-provenance view (four rows a month), beside crawl_provenance_daily for its ends.
CREATE TABLE IF NOT EXISTS crawl_provenance_monthly ${ON_CLUSTER}
(
    month         Date,
    provenance    Enum8('human' = 1, 'ai' = 2, 'mixed' = 3, 'unknown' = 4),
    docs          UInt64,
    tokens        UInt64
)
ENGINE = SummingMergeTree((docs, tokens))
PARTITION BY toYear(month)
ORDER BY (month, provenance)
SETTINGS non_replicated_deduplication_window = 1000

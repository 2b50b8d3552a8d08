-- crawl_daily's counts (per day, content type, language and provenance class) sorted by day
-- first. crawl_daily's key puts the day last, so a window of a few days (the 30 days that the
-- language and content-type breakdowns show by default, or the ragged ends of a longer window)
-- reads every row of its year's partition; here it reads the granules of those days.
CREATE TABLE IF NOT EXISTS crawl_daily_by_day ${ON_CLUSTER}
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
ORDER BY (day, content_type, lang, provenance)
SETTINGS non_replicated_deduplication_window = 1000

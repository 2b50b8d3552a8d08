-- Monthly market counts with the columns of market_daily (0016), for the whole months of long
-- windows: a six-year chart reads ~70 rows a key instead of ~2,200. first_day keeps the first
-- day with postings, which the postings index needs for the length of its baseline; it is a
-- minimum, not a sum, hence AggregatingMergeTree with simple aggregate columns.
CREATE TABLE IF NOT EXISTS market_monthly ${ON_CLUSTER}
(
    month        Date,
    category     Enum8('writing' = 1, 'translation' = 2, 'illustration' = 3, 'coding' = 4,
                       'data_entry' = 5, 'video' = 6, 'other' = 7),
    platform     LowCardinality(String),
    region       LowCardinality(String),
    first_day    SimpleAggregateFunction(min, Date),
    postings     SimpleAggregateFunction(sum, UInt64),
    ai_postings  SimpleAggregateFunction(sum, UInt64),
    bids         SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYear(month)
ORDER BY (category, platform, region, month)
SETTINGS non_replicated_deduplication_window = 1000

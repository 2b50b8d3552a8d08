-- Freelance-market postings, one row per observed posting event. Defaults are the ingest
-- contract's.
CREATE TABLE IF NOT EXISTS market_postings ${ON_CLUSTER}
(
    ts           DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    posting_id   String,
    platform     LowCardinality(String),
    category     Enum8('writing' = 1, 'translation' = 2, 'illustration' = 3, 'coding' = 4,
                       'data_entry' = 5, 'video' = 6, 'other' = 7),
    region       LowCardinality(String) DEFAULT 'unknown',
    budget_usd   Nullable(Float64),
    hourly       Bool DEFAULT false,
    bids         UInt32 DEFAULT 0,
    mentions_ai  Bool DEFAULT false,
    status       LowCardinality(String) DEFAULT 'posted'
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (category, platform, ts)
SETTINGS non_replicated_deduplication_window = 1000

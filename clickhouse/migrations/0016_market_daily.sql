-- Daily market counts by every market filter (category, platform, region), for the postings,
-- AI-mention, bid and region panels at day grain and coarser. Budgets have their own rollups
-- (0022, 0024): a budget median needs the distribution, which would multiply these rows.
-- Partitioned by year: an insert spans ~20 months at most.
-- Time leads the key: reads are day ranges (a window, or the days at the ends of one whose
-- whole months come from market_monthly), and a year partition holds a year of days.
CREATE TABLE IF NOT EXISTS market_daily ${ON_CLUSTER}
(
    day          Date,
    category     Enum8('writing' = 1, 'translation' = 2, 'illustration' = 3, 'coding' = 4,
                       'data_entry' = 5, 'video' = 6, 'other' = 7),
    platform     LowCardinality(String),
    region       LowCardinality(String),
    postings     UInt64,
    ai_postings  UInt64,
    bids         UInt64
)
ENGINE = SummingMergeTree((postings, ai_postings, bids))
PARTITION BY toYear(day)
ORDER BY (day, category, platform, region)
SETTINGS non_replicated_deduplication_window = 1000

-- The budget histogram of 0022 by month, for the whole months of long windows.
CREATE TABLE IF NOT EXISTS market_budget_monthly ${ON_CLUSTER}
(
    month       Date,
    category    Enum8('writing' = 1, 'translation' = 2, 'illustration' = 3, 'coding' = 4,
                      'data_entry' = 5, 'video' = 6, 'other' = 7),
    hourly      Bool,
    bin         UInt8,
    postings    UInt64,
    budget_sum  Float64
)
ENGINE = SummingMergeTree((postings, budget_sum))
PARTITION BY toYear(month)
ORDER BY (category, hourly, bin, month)
SETTINGS non_replicated_deduplication_window = 1000

-- Mergeable diversity states of model samples per model family, model and day: diversity.trend at day and week grain. Sums of
-- per-text counts and uniqCombined64 states of the word n-grams (docs/METHODS.md), so a panel
-- merges a few rows per group instead of tokenising texts.
CREATE TABLE IF NOT EXISTS diversity_daily ${ON_CLUSTER}
(
    model_family  LowCardinality(String),
    model         LowCardinality(String),
    day           Date,
    texts       SimpleAggregateFunction(sum, UInt64),
    words       SimpleAggregateFunction(sum, UInt64),
    bigrams     SimpleAggregateFunction(sum, UInt64),
    trigrams    SimpleAggregateFunction(sum, UInt64),
    ttr_sum     SimpleAggregateFunction(sum, Float64),
    ttr_texts   SimpleAggregateFunction(sum, UInt64),
    raw_bytes   SimpleAggregateFunction(sum, UInt64),
    gzip_bytes  SimpleAggregateFunction(sum, UInt64),
    gzip_texts  SimpleAggregateFunction(sum, UInt64),
    uniq_1      AggregateFunction(uniqCombined64(12), String),
    uniq_2      AggregateFunction(uniqCombined64(12), String),
    uniq_3      AggregateFunction(uniqCombined64(12), String)
)
ENGINE = AggregatingMergeTree
ORDER BY (model_family, model, day)
SETTINGS non_replicated_deduplication_window = 1000

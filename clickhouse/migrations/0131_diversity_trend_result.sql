-- diversity.trend's answer per grain (day, week, month), period, model family and model, as the
-- panel shows it: written when samples are ingested (and again by any read that finds a period
-- out of date), so a read merges no sketches. A row is current while its `texts` equals the
-- group's texts in the rollup of its grain; samples are only ever added, so `texts` as the
-- version keeps the newest answer. Rows: periods x models, a few thousand at day grain for years.
CREATE TABLE IF NOT EXISTS diversity_trend_result ${ON_CLUSTER}
(
    grain              LowCardinality(String),
    t                  Int64,
    model_family       LowCardinality(String),
    model              LowCardinality(String),
    texts              UInt64,
    tokens             UInt64,
    distinct_1         Nullable(Float64),
    distinct_2         Nullable(Float64),
    distinct_3         Nullable(Float64),
    ttr                Nullable(Float64),
    compression_ratio  Nullable(Float64)
)
ENGINE = ReplacingMergeTree(texts)
ORDER BY (grain, t, model_family, model)

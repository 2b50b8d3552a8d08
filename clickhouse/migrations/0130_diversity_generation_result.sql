-- diversity.by_generation's answer per model family, model and generation, as the panel shows it:
-- written when samples are ingested (and again by any read that finds a group out of date), so a
-- read merges no sketches and sums no word counts. A row is current while its `texts` equals the
-- group's texts in diversity_generation and its `ref_texts` the family's generation-0 texts there
-- (the tail mass depends on generation 0's most frequent words). Samples are only ever added, so
-- `version` (the sum of the two, which grows with either) keeps the newest answer of a group.
-- One row per group: a few dozen rows.
CREATE TABLE IF NOT EXISTS diversity_generation_result ${ON_CLUSTER}
(
    model_family       LowCardinality(String),
    model              LowCardinality(String),
    generation         UInt16,
    texts              UInt64,
    ref_texts          UInt64,
    version            UInt64,
    tokens             UInt64,
    distinct_1         Nullable(Float64),
    distinct_2         Nullable(Float64),
    distinct_3         Nullable(Float64),
    entropy_1          Nullable(Float64),
    ttr                Nullable(Float64),
    compression_ratio  Nullable(Float64),
    tail_mass          Nullable(Float64)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (model_family, model, generation)

-- Texts sampled from models, tagged with the generation of recursive training that produced
-- them. Diversity metrics are computed from the text in SQL, so the text is kept whole.
CREATE TABLE IF NOT EXISTS model_samples ${ON_CLUSTER}
(
    ts                  DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    model_family        LowCardinality(String),
    model               LowCardinality(String),
    generation          UInt16,
    synthetic_fraction  Nullable(Float32),
    prompt_id           String DEFAULT '',
    text                String CODEC(ZSTD(3))
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (model_family, model, generation, ts)
SETTINGS non_replicated_deduplication_window = 1000

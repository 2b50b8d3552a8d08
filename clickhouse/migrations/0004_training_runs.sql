-- Published training runs (Epoch AI's tables and later imports). A model is one row: the
-- newest import wins at merge time, and readers use FINAL so an unmerged duplicate is never
-- counted twice. Keyed on the model name alone so a corrected publication date in a newer
-- table replaces the old row instead of adding a second one.
CREATE TABLE IF NOT EXISTS training_runs ${ON_CLUSTER}
(
    model            String,
    organization     LowCardinality(String) DEFAULT '',
    published        Date,
    training_tokens  Float64,
    parameters       Nullable(Float64),
    compute_flop     Nullable(Float64),
    source           LowCardinality(String) DEFAULT 'api',
    imported_at      DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(imported_at)
ORDER BY model
SETTINGS non_replicated_deduplication_window = 1000

-- Claims that circulate about the topic, each with its source and how well it is sourced. One
-- row per claim id; a claim re-sent replaces the old one (the newest write wins at merge time,
-- readers use FINAL). value_high makes a range (2026-2032); both null: a claim without a number.
CREATE TABLE IF NOT EXISTS claims ${ON_CLUSTER}
(
    id                String,
    claim             String,
    value             Nullable(Float64),
    value_high        Nullable(Float64),
    unit              LowCardinality(String) DEFAULT '',
    as_of             String,
    scope             String,
    source_title      String DEFAULT '',
    source_url        String DEFAULT '',
    source_publisher  String DEFAULT '',
    source_kind       LowCardinality(String),
    status            LowCardinality(String),
    panels            Array(LowCardinality(String)),
    note              String DEFAULT '',
    origin            LowCardinality(String),
    written_at        DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(written_at)
ORDER BY id
SETTINGS non_replicated_deduplication_window = 1000

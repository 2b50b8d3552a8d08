-- Published time series (Common Crawl's statistics, Indeed's postings index, word frequencies in
-- abstracts, any table a researcher imports): one observation a row. An observation is the
-- series id, its labels and its date; re-sending one replaces it (the newest import wins at merge
-- time, readers use FINAL), so an import run twice never doubles a value.
-- Labels are a map for readers and, canonicalised as sorted key=value text, part of the key:
-- a Map column cannot be sorted on. Date32 because published series go back before 1970.
-- Small (tens of thousands of rows per source): no partitioning.
CREATE TABLE IF NOT EXISTS series ${ON_CLUSTER}
(
    series       LowCardinality(String),
    labels_key   String,
    date         Date32,
    value        Float64,
    unit         LowCardinality(String) DEFAULT '',
    labels       Map(LowCardinality(String), String),
    source       LowCardinality(String),
    licence      LowCardinality(String) DEFAULT '',
    url          LowCardinality(String) DEFAULT '',
    origin       LowCardinality(String) DEFAULT 'ingest',
    imported_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(imported_at)
ORDER BY (series, labels_key, date)
SETTINGS non_replicated_deduplication_window = 1000

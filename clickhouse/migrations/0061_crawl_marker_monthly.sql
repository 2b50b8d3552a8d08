-- Per month and language: documents scanned for marker words and how many held one. The
-- marker-word panel reads this and nothing else: at most a few dozen languages x months, so
-- years of crawl files are a few thousand rows however many documents they held.
CREATE TABLE IF NOT EXISTS crawl_marker_monthly ${ON_CLUSTER}
(
    month         Date,
    lang          LowCardinality(String),
    docs          UInt64,
    marker_docs   UInt64
)
ENGINE = SummingMergeTree((docs, marker_docs))
ORDER BY (lang, month)
SETTINGS non_replicated_deduplication_window = 1000

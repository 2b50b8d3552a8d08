-- Per month, language and marker group (the year whose excess words it holds): windowed
-- documents and how many held a word of that group in their window. `group_year` 0 carries the
-- month's windowed documents (docs) and no marker count, so the count of documents is kept once
-- however many groups there are; a group's row carries its marker documents. The marker-word
-- panel reads this and nothing else: languages x months x groups, a few thousand rows for years
-- of crawl files.
CREATE TABLE IF NOT EXISTS crawl_marker_window_monthly ${ON_CLUSTER}
(
    month         Date,
    lang          LowCardinality(String),
    group_year    UInt16,
    docs          UInt64,
    marker_docs   UInt64
)
ENGINE = SummingMergeTree((docs, marker_docs))
ORDER BY (lang, group_year, month)
SETTINGS non_replicated_deduplication_window = 1000

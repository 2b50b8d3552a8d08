-- Daily document counts by detector score bin (20 bins of 0.05), detector, crawl source and
-- provenance: the score histogram without reading ai_score from the raw table, and the values of
-- the crawl_source and detector filters. Documents without a score (no detector) are kept in
-- bin 20 so the table counts every document. At most days x 21 bins x 4 classes x a few
-- sources and detectors: a few hundred thousand rows a year however many documents.
-- Time leads the key: every read is a window of days.
CREATE TABLE IF NOT EXISTS crawl_detector_daily ${ON_CLUSTER}
(
    day           Date,
    detector      LowCardinality(String),
    crawl_source  LowCardinality(String),
    provenance    Enum8('human' = 1, 'ai' = 2, 'mixed' = 3, 'unknown' = 4),
    bin           UInt8,
    docs          UInt64
)
ENGINE = SummingMergeTree(docs)
PARTITION BY toYear(day)
ORDER BY (day, detector, crawl_source, provenance, bin)
SETTINGS non_replicated_deduplication_window = 1000

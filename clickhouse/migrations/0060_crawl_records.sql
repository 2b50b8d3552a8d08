-- One row per crawl-file record (WARC-Record-ID) whose text became a crawl_documents row: the
-- register that makes a re-import of the same file, or a crawler re-sending a record, a no-op,
-- and the per-document outcome of the marker-word scan that crawl_marker_monthly sums. The
-- text itself is not kept. Sorted by record id because the importer looks ids up in batches;
-- ReplacingMergeTree collapses the rare duplicate two concurrent imports of one file could leave,
-- while the importer's look-up keeps duplicates out of the rollup in the first place.
-- scanned = 0 for languages without a marker group: counted as imported, kept out of the rollup.
CREATE TABLE IF NOT EXISTS crawl_records ${ON_CLUSTER}
(
    record_id     String,
    ts            DateTime64(3, 'UTC'),
    lang          LowCardinality(String),
    scanned       UInt8,
    has_marker    UInt8,
    imported_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(imported_at)
ORDER BY record_id
SETTINGS non_replicated_deduplication_window = 1000

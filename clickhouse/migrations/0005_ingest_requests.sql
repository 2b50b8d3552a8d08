-- One row per accepted ingest request that carried an Idempotency-Key. A retry finds its key
-- here and is answered without writing; body_sha256 tells a true retry from a key reused
-- for different data.
CREATE TABLE IF NOT EXISTS ingest_requests ${ON_CLUSTER}
(
    stream           LowCardinality(String),
    idempotency_key  String,
    body_sha256      FixedString(64),
    rows             UInt64,
    accepted_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(accepted_at)
ORDER BY (stream, idempotency_key)

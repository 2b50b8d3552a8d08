-- Annotations: what people know about a moment or a stretch of time (a model release, a crawl,
-- a note). Every edit is a new row with the next version and a delete is a row with deleted = 1,
-- so the whole history stays; readers take each id's highest version (argMax) and drop
-- tombstones. Small (thousands of rows): no partitioning.
CREATE TABLE IF NOT EXISTS annotations ${ON_CLUSTER}
(
    id              String,
    version         UInt32,
    deleted         UInt8 DEFAULT 0,
    kind            LowCardinality(String),
    time            DateTime64(3, 'UTC'),
    time_end        Nullable(DateTime64(3, 'UTC')),
    title           String,
    text            String,
    tags            Array(String),
    panels          Array(LowCardinality(String)),
    source_title    String DEFAULT '',
    source_url      String DEFAULT '',
    source_licence  String DEFAULT '',
    author          String DEFAULT '',
    origin          LowCardinality(String),
    written_at      DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (id, version)
SETTINGS non_replicated_deduplication_window = 1000

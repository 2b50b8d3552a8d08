-- Rows per stream and origin, with the time span they cover: how /api/streams, the panels' tags
-- and the report know which numbers include simulated rows without scanning the raw tables
-- (50M crawl rows would take a column scan per question). A handful of rows (stream x origin);
-- the materialized views add one row per insert, merged by sum/min/max. Training runs and
-- series are not here: the simulator writes neither, and both replace rows (a count of inserts
-- would overstate them); they are counted from their tables, which are small.
CREATE TABLE IF NOT EXISTS stream_origins ${ON_CLUSTER}
(
    stream   LowCardinality(String),
    origin   LowCardinality(String),
    rows     SimpleAggregateFunction(sum, UInt64),
    first_ts SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_ts  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (stream, origin)
SETTINGS non_replicated_deduplication_window = 1000

CREATE MATERIALIZED VIEW IF NOT EXISTS stream_origins_market_mv ${ON_CLUSTER} TO stream_origins AS
SELECT 'market' AS stream, origin, count() AS rows, min(ts) AS first_ts, max(ts) AS last_ts
FROM market_postings
GROUP BY origin

CREATE MATERIALIZED VIEW IF NOT EXISTS stream_origins_crawl_mv ${ON_CLUSTER} TO stream_origins AS
SELECT 'crawl' AS stream, origin, count() AS rows, min(ts) AS first_ts, max(ts) AS last_ts
FROM crawl_documents
GROUP BY origin

CREATE MATERIALIZED VIEW IF NOT EXISTS stream_origins_samples_mv ${ON_CLUSTER} TO stream_origins AS
SELECT 'samples' AS stream, origin, count() AS rows, min(ts) AS first_ts, max(ts) AS last_ts
FROM model_samples
GROUP BY origin

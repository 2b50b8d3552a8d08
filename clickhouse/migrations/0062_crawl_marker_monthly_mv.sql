CREATE MATERIALIZED VIEW IF NOT EXISTS crawl_marker_monthly_mv ${ON_CLUSTER} TO crawl_marker_monthly AS
SELECT
    toStartOfMonth(ts) AS month,
    lang,
    count() AS docs,
    sum(has_marker) AS marker_docs
FROM crawl_records
WHERE scanned = 1
GROUP BY month, lang

CREATE MATERIALIZED VIEW IF NOT EXISTS crawl_provenance_daily_mv ${ON_CLUSTER} TO crawl_provenance_daily AS
SELECT
    toDate(ts) AS day,
    provenance,
    count() AS docs,
    sum(tokens) AS tokens
FROM crawl_documents
GROUP BY day, provenance

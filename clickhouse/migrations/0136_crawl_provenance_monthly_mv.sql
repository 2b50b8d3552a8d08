CREATE MATERIALIZED VIEW IF NOT EXISTS crawl_provenance_monthly_mv ${ON_CLUSTER} TO crawl_provenance_monthly AS
SELECT
    toStartOfMonth(ts) AS month,
    provenance,
    count() AS docs,
    sum(tokens) AS tokens
FROM crawl_documents
GROUP BY month, provenance

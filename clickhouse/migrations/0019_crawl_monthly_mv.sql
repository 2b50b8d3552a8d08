CREATE MATERIALIZED VIEW IF NOT EXISTS crawl_monthly_mv ${ON_CLUSTER} TO crawl_monthly AS
SELECT
    toStartOfMonth(ts) AS month,
    content_type,
    lang,
    provenance,
    count() AS docs,
    sum(tokens) AS tokens
FROM crawl_documents
GROUP BY month, content_type, lang, provenance

CREATE MATERIALIZED VIEW IF NOT EXISTS crawl_daily_by_day_mv ${ON_CLUSTER} TO crawl_daily_by_day AS
SELECT
    toDate(ts) AS day,
    content_type,
    lang,
    provenance,
    count() AS docs,
    sum(tokens) AS tokens
FROM crawl_documents
GROUP BY day, content_type, lang, provenance

CREATE MATERIALIZED VIEW IF NOT EXISTS crawl_minute_mv ${ON_CLUSTER} TO crawl_minute AS
SELECT
    toStartOfMinute(ts) AS minute,
    content_type,
    lang,
    provenance,
    count() AS docs,
    sum(tokens) AS tokens
FROM crawl_documents
-- History older than the rollup keeps (a backfill, an import) would only be dropped again.
WHERE ts >= now() - INTERVAL 90 DAY
GROUP BY minute, content_type, lang, provenance

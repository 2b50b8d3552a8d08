CREATE MATERIALIZED VIEW IF NOT EXISTS crawl_domain_daily_mv ${ON_CLUSTER} TO crawl_domain_daily AS
SELECT
    toDate(ts) AS day,
    domain,
    tld,
    count() AS docs,
    sum(tokens) AS tokens,
    countIf(provenance = 'ai') AS ai_docs,
    sumIf(tokens, provenance = 'ai') AS ai_tokens
FROM crawl_documents
GROUP BY day, domain, tld

-- Fed from the raw table, not chained on crawl_domain_daily, so that the deduplication of a
-- retried insert applies to it the same way as to every other rollup.
CREATE MATERIALIZED VIEW IF NOT EXISTS crawl_domain_monthly_mv ${ON_CLUSTER} TO crawl_domain_monthly AS
SELECT
    toStartOfMonth(ts) AS month,
    domain,
    tld,
    count() AS docs,
    sum(tokens) AS tokens,
    countIf(provenance = 'ai') AS ai_docs,
    sumIf(tokens, provenance = 'ai') AS ai_tokens
FROM crawl_documents
GROUP BY month, domain, tld

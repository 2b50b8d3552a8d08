-- As 0090, for the monthly domain rollup: the column named with its table, so the view does not
-- depend on prefer_column_name_to_alias being set by whoever inserts.
ALTER TABLE crawl_domain_monthly_mv ${ON_CLUSTER} MODIFY QUERY
SELECT
    toStartOfMonth(ts) AS month,
    domain,
    tld,
    count() AS docs,
    sum(crawl_documents.tokens) AS tokens,
    countIf(provenance = 'ai') AS ai_docs,
    sumIf(crawl_documents.tokens, provenance = 'ai') AS ai_tokens
FROM crawl_documents
GROUP BY month, domain, tld

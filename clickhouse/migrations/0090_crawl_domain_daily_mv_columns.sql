-- The view named `sum(tokens) AS tokens` and then read `tokens` again inside sumIf: ClickHouse
-- takes such a name for the alias (an aggregate inside an aggregate) unless the inserting query
-- sets prefer_column_name_to_alias, and a view is analysed again with the settings of every
-- insert into its source. Naming the column with its table means the column under any setting,
-- so an insert from any client feeds the rollup.
ALTER TABLE crawl_domain_daily_mv ${ON_CLUSTER} MODIFY QUERY
SELECT
    toDate(ts) AS day,
    domain,
    tld,
    count() AS docs,
    sum(crawl_documents.tokens) AS tokens,
    countIf(provenance = 'ai') AS ai_docs,
    sumIf(crawl_documents.tokens, provenance = 'ai') AS ai_tokens
FROM crawl_documents
GROUP BY day, domain, tld

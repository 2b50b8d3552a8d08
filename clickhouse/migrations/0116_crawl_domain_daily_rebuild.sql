-- The daily domain rollup again, from the rewritten rows: the same grouping as its view (0090).
-- Columns named with their table, as in 0090, so no setting can read an alias instead.
INSERT INTO crawl_domain_daily (day, domain, tld, docs, tokens, ai_docs, ai_tokens)
SELECT
    toDate(crawl_documents.ts),
    crawl_documents.domain,
    crawl_documents.tld,
    count(),
    sum(crawl_documents.tokens),
    countIf(crawl_documents.provenance = 'ai'),
    sumIf(crawl_documents.tokens, crawl_documents.provenance = 'ai')
FROM crawl_documents
GROUP BY toDate(crawl_documents.ts), crawl_documents.domain, crawl_documents.tld

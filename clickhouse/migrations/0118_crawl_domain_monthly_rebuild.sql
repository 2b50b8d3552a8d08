-- The monthly domain rollup again, from the rewritten rows: the same grouping as its view (0091).
INSERT INTO crawl_domain_monthly (month, domain, tld, docs, tokens, ai_docs, ai_tokens)
SELECT
    toStartOfMonth(crawl_documents.ts),
    crawl_documents.domain,
    crawl_documents.tld,
    count(),
    sum(crawl_documents.tokens),
    countIf(crawl_documents.provenance = 'ai'),
    sumIf(crawl_documents.tokens, crawl_documents.provenance = 'ai')
FROM crawl_documents
GROUP BY toStartOfMonth(crawl_documents.ts), crawl_documents.domain, crawl_documents.tld

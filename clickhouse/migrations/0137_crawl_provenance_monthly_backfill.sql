-- The documents stored before crawl_provenance_monthly_mv existed, from crawl_monthly (see 0134).
INSERT INTO crawl_provenance_monthly
SELECT month, provenance, sum(docs) AS docs, sum(tokens) AS tokens
FROM crawl_monthly
GROUP BY month, provenance

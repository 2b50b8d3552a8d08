-- Every crawl row with the site of its URL's host (crawl_sites, filled in Node after 0110); a row
-- whose host got no site (a name IDNA refuses) keeps what it had. The host expression is
-- CRAWL_URL_HOST_SQL of server/engine/migration-steps.ts. ANY: one site per host even if the
-- fill ran twice before its record. GLOBAL: on a cluster the sites are read once and sent to
-- every shard (both tables are Distributed there); on one server it changes nothing.
INSERT INTO crawl_documents_sites
    (ts, published_at, url, domain, tld, lang, content_type, crawl_source, tokens, provenance, ai_score, detector, quality, simhash, origin)
SELECT
    d.ts, d.published_at, d.url,
    if(s.domain = '', d.domain, s.domain),
    if(s.domain = '', d.tld, s.tld),
    d.lang, d.content_type, d.crawl_source, d.tokens, d.provenance, d.ai_score, d.detector, d.quality, d.simhash, d.origin
FROM crawl_documents AS d
GLOBAL ANY LEFT JOIN crawl_sites AS s
    ON s.host = if(match(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://'), domain(d.url), '') AND s.stored = d.domain

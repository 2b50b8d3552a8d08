-- crawl_documents' domain and tld had two meanings: NDJSON rows stored the URL's host and its
-- last label (the column DEFAULTs of 0001), crawl files the registrable domain and public suffix.
-- From here both mean the latter for every row (server/lib/site.ts, docs/INGEST.md); 0110-0119
-- rewrite the rows stored before and rebuild the rollups keyed by them.
-- This table holds the site of every (URL host, stored domain) pair the crawl table has. The
-- Public Suffix List is applied in Node, which ClickHouse cannot do, so the runner fills it
-- straight after creating it (server/engine/migration-steps.ts) and 0112 joins it.
-- It is kept afterwards: a record of what each host was mapped to, a row per host.
CREATE TABLE IF NOT EXISTS crawl_sites ${ON_CLUSTER}
(
    host    String,
    stored  String,
    domain  String,
    tld     String
)
ENGINE = ReplacingMergeTree
ORDER BY (host, stored)

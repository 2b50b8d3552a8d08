-- The documents stored before crawl_provenance_daily_mv existed, from crawl_daily, which counts
-- every one of them (a few hundred rows a day instead of every document). Migrations run at
-- start, before ingest or the simulator write anything, so no document is counted twice.
INSERT INTO crawl_provenance_daily
SELECT day, provenance, sum(docs) AS docs, sum(tokens) AS tokens
FROM crawl_daily
GROUP BY day, provenance

-- The documents stored before crawl_daily_by_day_mv existed, from crawl_daily, which counts every
-- one of them under the same key. Migrations run at start, before ingest or the simulator write
-- anything, so no document is counted twice.
INSERT INTO crawl_daily_by_day
SELECT day, content_type, lang, provenance, sum(docs) AS docs, sum(tokens) AS tokens
FROM crawl_daily
GROUP BY day, content_type, lang, provenance

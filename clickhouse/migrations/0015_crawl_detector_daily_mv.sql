-- The bin expression is the one server/panels/domains/provenance-sql.ts uses on the raw table;
-- change both together. A score of exactly 1 falls in the last bin.
CREATE MATERIALIZED VIEW IF NOT EXISTS crawl_detector_daily_mv ${ON_CLUSTER} TO crawl_detector_daily AS
SELECT
    toDate(ts) AS day,
    detector,
    crawl_source,
    provenance,
    if(ai_score IS NULL, 20, least(toUInt8(floor(assumeNotNull(ai_score) * 20)), 19)) AS bin,
    count() AS docs
FROM crawl_documents
GROUP BY day, detector, crawl_source, provenance, bin

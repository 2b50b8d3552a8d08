-- One row per windowed record for group_year 0 (the document) and one per group it held a word
-- of: the ARRAY JOIN over [0] and marker_years.
CREATE MATERIALIZED VIEW IF NOT EXISTS crawl_marker_window_monthly_mv ${ON_CLUSTER} TO crawl_marker_window_monthly AS
SELECT
    toStartOfMonth(ts) AS month,
    lang,
    group_year,
    countIf(group_year = 0) AS docs,
    countIf(group_year != 0) AS marker_docs
FROM crawl_records
ARRAY JOIN arrayConcat([toUInt16(0)], marker_years) AS group_year
WHERE windowed = 1
GROUP BY month, lang, group_year

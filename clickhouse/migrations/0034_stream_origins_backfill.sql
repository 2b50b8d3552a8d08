-- Counts the rows stored before the views of 0031-0033 existed (none in a new database). Between
-- those views' creation and this statement a row written by a running producer could be counted
-- twice; migrations run at start, before ingest or the simulator write anything.
INSERT INTO stream_origins (stream, origin, rows, first_ts, last_ts)
SELECT stream, origin, rows, first_ts, last_ts FROM
(
    SELECT 'crawl' AS stream, origin, count() AS rows, min(ts) AS first_ts, max(ts) AS last_ts FROM crawl_documents GROUP BY origin
    UNION ALL
    SELECT 'market', origin, count(), min(ts), max(ts) FROM market_postings GROUP BY origin
    UNION ALL
    SELECT 'samples', origin, count(), min(ts), max(ts) FROM model_samples GROUP BY origin
)

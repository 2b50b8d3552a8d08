CREATE MATERIALIZED VIEW IF NOT EXISTS market_daily_mv ${ON_CLUSTER} TO market_daily AS
SELECT
    toDate(ts) AS day,
    category,
    platform,
    region,
    count() AS postings,
    countIf(mentions_ai) AS ai_postings,
    sum(bids) AS bids
FROM market_postings
GROUP BY day, category, platform, region

CREATE MATERIALIZED VIEW IF NOT EXISTS market_monthly_mv ${ON_CLUSTER} TO market_monthly AS
SELECT
    toStartOfMonth(ts) AS month,
    category,
    platform,
    region,
    min(toDate(ts)) AS first_day,
    count() AS postings,
    countIf(mentions_ai) AS ai_postings,
    sum(bids) AS bids
FROM market_postings
GROUP BY month, category, platform, region

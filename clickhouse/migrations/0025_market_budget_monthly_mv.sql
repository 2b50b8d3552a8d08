CREATE MATERIALIZED VIEW IF NOT EXISTS market_budget_monthly_mv ${ON_CLUSTER} TO market_budget_monthly AS
SELECT
    toStartOfMonth(ts) AS month,
    category,
    hourly,
    toUInt8(least(greatest(floor(log10(assumeNotNull(budget_usd)) * 50), 0), 249)) AS bin,
    count() AS postings,
    sum(assumeNotNull(budget_usd)) AS budget_sum
FROM market_postings
WHERE budget_usd IS NOT NULL
GROUP BY month, category, hourly, bin

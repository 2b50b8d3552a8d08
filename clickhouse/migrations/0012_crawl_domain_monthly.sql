-- Monthly crawl counts per domain: the body of long top-N windows. At most one row per domain a
-- month whatever the crawl volume (2,500 simulated domains; tens of thousands in the 50M-row
-- benchmark), so a year is a few hundred thousand rows at most where the daily table holds
-- one per domain a day. A window reads its whole months here and its ragged ends from
-- crawl_domain_daily (0010), which keeps answers exact to the day. Partitioned by year.
CREATE TABLE IF NOT EXISTS crawl_domain_monthly ${ON_CLUSTER}
(
    month      Date,
    domain     LowCardinality(String),
    tld        LowCardinality(String),
    docs       UInt64,
    tokens     UInt64,
    ai_docs    UInt64,
    ai_tokens  UInt64
)
ENGINE = SummingMergeTree((docs, tokens, ai_docs, ai_tokens))
PARTITION BY toYear(month)
ORDER BY (month, domain, tld)
SETTINGS non_replicated_deduplication_window = 1000

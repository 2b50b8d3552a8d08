-- Daily crawl counts per domain, for the top-N domain panel and the domain filter's values.
-- One row per domain a day, with the AI counts as columns rather than a provenance key: a day
-- has tens of thousands of domains with a few documents each, so a class key would multiply
-- rows, not sum them. Even so, a day x domain table is only a few times smaller than the raw
-- one (the raw table has a row per document, this one a row per domain that was crawled that
-- day), so a long window is NOT read from here: its whole months come from
-- crawl_domain_monthly (0012) and only the ragged days at its edges from this table.
-- Time leads the key because every read is a day range across all domains; the tld rides along
-- in the key (it follows from the domain, so it adds no rows) to serve the tld filter too.
-- Partitioned by year: one insert spans ~20 months at most, a handful of partitions here.
CREATE TABLE IF NOT EXISTS crawl_domain_daily ${ON_CLUSTER}
(
    day        Date,
    domain     LowCardinality(String),
    tld        LowCardinality(String),
    docs       UInt64,
    tokens     UInt64,
    ai_docs    UInt64,
    ai_tokens  UInt64
)
ENGINE = SummingMergeTree((docs, tokens, ai_docs, ai_tokens))
PARTITION BY toYear(day)
ORDER BY (day, domain, tld)
SETTINGS non_replicated_deduplication_window = 1000

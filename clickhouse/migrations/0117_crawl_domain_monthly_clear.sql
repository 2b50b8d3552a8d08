-- As 0115, for the monthly domain rollup; rebuilt by 0118.
ALTER TABLE crawl_domain_monthly ${ON_CLUSTER} DROP PARTITION ALL

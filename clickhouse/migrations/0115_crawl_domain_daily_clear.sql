-- crawl_domain_daily is keyed by domain and tld: emptied here, rebuilt from the rewritten rows by 0116.
ALTER TABLE crawl_domain_daily ${ON_CLUSTER} DROP PARTITION ALL

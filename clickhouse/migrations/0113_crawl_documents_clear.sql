-- Empties crawl_documents for 0114 to attach the rewritten rows of 0112. Dropping parts feeds no
-- materialized view, so the rollups keep their counts (only the domain ones change, 0115-0118).
-- Migrations run at start, before ingest or the simulator write.
ALTER TABLE crawl_documents ${ON_CLUSTER} DROP PARTITION ALL

-- The rewritten rows become crawl_documents' parts, copied from the table of 0112, again without
-- feeding the views: the rows are the same, only their domain and tld differ. ClickHouse moves or
-- replaces parts of every partition at once only by ATTACH (no MOVE or REPLACE PARTITION ALL), so
-- this one statement is not safe to repeat: a process killed between it and its record would
-- attach the copy a second time at the next start.
ALTER TABLE crawl_documents ${ON_CLUSTER} ATTACH PARTITION ALL FROM crawl_documents_sites

-- The copy of 0111 has done its work; its parts live on in crawl_documents.
DROP TABLE IF EXISTS crawl_documents_sites ${ON_CLUSTER}

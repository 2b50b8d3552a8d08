-- Who wrote each row: 'simulator' for the simulator's rows, 'ingest' for everything else. Rows
-- stored before this migration read as 'ingest': a database the simulator filled before it is
-- best deleted and refilled (rm -r ./data) so its rows are labelled.
ALTER TABLE model_samples ${ON_CLUSTER} ADD COLUMN IF NOT EXISTS origin LowCardinality(String) DEFAULT 'ingest'

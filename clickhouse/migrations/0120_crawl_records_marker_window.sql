-- Each crawl-file record's windowed marker-word outcome (server/warc/markers.ts): `windowed` = 1
-- when its language has marker groups and its text has at least the window's words (200), and
-- `marker_years` the years whose group has a word among those first words. The marker panel
-- compares a year's share with that same year's group only, over documents of one length, so
-- neither a word with excess in another year nor a longer page raises it. Records imported
-- before this column existed read windowed = 0: their text is not kept, so they cannot be
-- scanned again, and they stay out of the windowed rollup.
ALTER TABLE crawl_records ${ON_CLUSTER} ADD COLUMN IF NOT EXISTS windowed UInt8 DEFAULT 0, ADD COLUMN IF NOT EXISTS marker_years Array(UInt16) DEFAULT []

-- Compute projections in Epoch AI's format (data/compute_projection.csv of
-- epoch-research/data-stock: one row per path and year, log10 FLOP of the largest run), imported
-- with `npm run import -- compute-projection FILE`. The newest import replaces the shipped
-- Besiroglu et al. (2022) table in the forecast's compute-based projection. import_id is the
-- SHA-256 of the file, so importing the same file again changes nothing.
CREATE TABLE IF NOT EXISTS compute_projection ${ON_CLUSTER}
(
    import_id    FixedString(64),
    path         UInt32,
    year         Float64,
    log10_flop   Float64,
    source       String,
    imported_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(imported_at)
ORDER BY (import_id, path, year)

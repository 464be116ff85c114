-- Rows in the rollups (docs/usage-stats.md): what the requests of a bucket held, so that the
-- statistics count a batch prediction's rows, not only its chunks. Buckets written before this
-- count 0 rows.
ALTER TABLE usage_rollup_minute ADD COLUMN rows_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_rollup_hour ADD COLUMN rows_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_rollup_day ADD COLUMN rows_count BIGINT NOT NULL DEFAULT 0;

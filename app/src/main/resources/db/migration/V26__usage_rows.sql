-- Rows in the rollups (docs/usage-stats.md): what the requests of a bucket held, so that the
-- statistics count a batch prediction's rows, not only its chunks. Existing buckets get their rows
-- from the raw records still kept; a bucket whose records are gone counts 0 rows.
ALTER TABLE usage_rollup_minute ADD COLUMN rows_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_rollup_hour ADD COLUMN rows_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_rollup_day ADD COLUMN rows_count BIGINT NOT NULL DEFAULT 0;

UPDATE usage_rollup_minute r SET rows_count = (
    SELECT COALESCE(SUM(u.rows_count), 0) FROM usage_record u
    WHERE u.model_id = r.model_id AND COALESCE(u.api_key_id, '') = r.api_key_id
      AND DATE_TRUNC('minute', u.created_at) = r.bucket_start);
UPDATE usage_rollup_hour r SET rows_count = (
    SELECT COALESCE(SUM(u.rows_count), 0) FROM usage_record u
    WHERE u.model_id = r.model_id AND COALESCE(u.api_key_id, '') = r.api_key_id
      AND DATE_TRUNC('hour', u.created_at) = r.bucket_start);
UPDATE usage_rollup_day r SET rows_count = (
    SELECT COALESCE(SUM(u.rows_count), 0) FROM usage_record u
    WHERE u.model_id = r.model_id AND COALESCE(u.api_key_id, '') = r.api_key_id
      AND DATE_TRUNC('day', u.created_at) = r.bucket_start);

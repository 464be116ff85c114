-- Usage statistics (docs/usage-stats.md). Two changes to usage_record: the problem type of a
-- failed request (its slug, e.g. model-busy, and its fixed title; never a payload), and an
-- index for the recent-errors list in place of (user_id, created_at), which nothing queried.
ALTER TABLE usage_record ADD COLUMN error_type VARCHAR(64);
ALTER TABLE usage_record ADD COLUMN error_title VARCHAR(100);
DROP INDEX usage_record_user_time;
CREATE INDEX usage_record_model_outcome_time ON usage_record (model_id, outcome, created_at);

-- Rollups: per model, API key ('' for none, so that it can be part of the key) and UTC minute
-- hour or day, the counts by outcome, latency sum/min/max and a fixed latency histogram. h0..h13
-- count latencies of at most 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000 ms
-- and above (each bucket excludes the ones before it). The usage writer adds to both tables
-- in the transaction that inserts the raw records, so they always agree with usage_record.
-- One row per model, API key and minute that had requests.
CREATE TABLE usage_rollup_minute (
    model_id           VARCHAR(36) NOT NULL,
    bucket_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    api_key_id         VARCHAR(36) NOT NULL,
    count_success      BIGINT      NOT NULL,
    count_client_error BIGINT      NOT NULL,
    count_server_error BIGINT      NOT NULL,
    latency_sum_micros BIGINT      NOT NULL,
    latency_min_micros BIGINT      NOT NULL,
    latency_max_micros BIGINT      NOT NULL,
    last_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    h0                 BIGINT      NOT NULL,
    h1                 BIGINT      NOT NULL,
    h2                 BIGINT      NOT NULL,
    h3                 BIGINT      NOT NULL,
    h4                 BIGINT      NOT NULL,
    h5                 BIGINT      NOT NULL,
    h6                 BIGINT      NOT NULL,
    h7                 BIGINT      NOT NULL,
    h8                 BIGINT      NOT NULL,
    h9                 BIGINT      NOT NULL,
    h10                BIGINT      NOT NULL,
    h11                BIGINT      NOT NULL,
    h12                BIGINT      NOT NULL,
    h13                BIGINT      NOT NULL,
    PRIMARY KEY (model_id, bucket_start, api_key_id)
);

-- The same per hour: long periods read at most 24 rows a day per key.
CREATE TABLE usage_rollup_hour (
    model_id           VARCHAR(36) NOT NULL,
    bucket_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    api_key_id         VARCHAR(36) NOT NULL,
    count_success      BIGINT      NOT NULL,
    count_client_error BIGINT      NOT NULL,
    count_server_error BIGINT      NOT NULL,
    latency_sum_micros BIGINT      NOT NULL,
    latency_min_micros BIGINT      NOT NULL,
    latency_max_micros BIGINT      NOT NULL,
    last_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    h0                 BIGINT      NOT NULL,
    h1                 BIGINT      NOT NULL,
    h2                 BIGINT      NOT NULL,
    h3                 BIGINT      NOT NULL,
    h4                 BIGINT      NOT NULL,
    h5                 BIGINT      NOT NULL,
    h6                 BIGINT      NOT NULL,
    h7                 BIGINT      NOT NULL,
    h8                 BIGINT      NOT NULL,
    h9                 BIGINT      NOT NULL,
    h10                BIGINT      NOT NULL,
    h11                BIGINT      NOT NULL,
    h12                BIGINT      NOT NULL,
    h13                BIGINT      NOT NULL,
    PRIMARY KEY (model_id, bucket_start, api_key_id)
);

-- The same per day: a year reads 365 rows per key, and totals ever read one row a day.
CREATE TABLE usage_rollup_day (
    model_id           VARCHAR(36) NOT NULL,
    bucket_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    api_key_id         VARCHAR(36) NOT NULL,
    count_success      BIGINT      NOT NULL,
    count_client_error BIGINT      NOT NULL,
    count_server_error BIGINT      NOT NULL,
    latency_sum_micros BIGINT      NOT NULL,
    latency_min_micros BIGINT      NOT NULL,
    latency_max_micros BIGINT      NOT NULL,
    last_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    h0                 BIGINT      NOT NULL,
    h1                 BIGINT      NOT NULL,
    h2                 BIGINT      NOT NULL,
    h3                 BIGINT      NOT NULL,
    h4                 BIGINT      NOT NULL,
    h5                 BIGINT      NOT NULL,
    h6                 BIGINT      NOT NULL,
    h7                 BIGINT      NOT NULL,
    h8                 BIGINT      NOT NULL,
    h9                 BIGINT      NOT NULL,
    h10                BIGINT      NOT NULL,
    h11                BIGINT      NOT NULL,
    h12                BIGINT      NOT NULL,
    h13                BIGINT      NOT NULL,
    PRIMARY KEY (model_id, bucket_start, api_key_id)
);

-- Backfill from the records written so far, truncating in UTC.
SET TIME ZONE 'UTC';
INSERT INTO usage_rollup_minute
SELECT model_id, DATE_TRUNC('minute', created_at), COALESCE(api_key_id, ''),
       SUM(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END),
       SUM(CASE WHEN outcome = 'client_error' THEN 1 ELSE 0 END),
       SUM(CASE WHEN outcome = 'server_error' THEN 1 ELSE 0 END),
       SUM(latency_micros), MIN(latency_micros), MAX(latency_micros), MAX(created_at),
       SUM(CASE WHEN latency_micros <= 1000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 1000 AND latency_micros <= 2000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 2000 AND latency_micros <= 5000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 5000 AND latency_micros <= 10000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 10000 AND latency_micros <= 25000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 25000 AND latency_micros <= 50000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 50000 AND latency_micros <= 100000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 100000 AND latency_micros <= 250000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 250000 AND latency_micros <= 500000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 500000 AND latency_micros <= 1000000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 1000000 AND latency_micros <= 2500000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 2500000 AND latency_micros <= 5000000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 5000000 AND latency_micros <= 10000000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 10000000 THEN 1 ELSE 0 END)
FROM usage_record
GROUP BY model_id, DATE_TRUNC('minute', created_at), COALESCE(api_key_id, '');

INSERT INTO usage_rollup_hour
SELECT model_id, DATE_TRUNC('hour', created_at), COALESCE(api_key_id, ''),
       SUM(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END),
       SUM(CASE WHEN outcome = 'client_error' THEN 1 ELSE 0 END),
       SUM(CASE WHEN outcome = 'server_error' THEN 1 ELSE 0 END),
       SUM(latency_micros), MIN(latency_micros), MAX(latency_micros), MAX(created_at),
       SUM(CASE WHEN latency_micros <= 1000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 1000 AND latency_micros <= 2000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 2000 AND latency_micros <= 5000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 5000 AND latency_micros <= 10000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 10000 AND latency_micros <= 25000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 25000 AND latency_micros <= 50000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 50000 AND latency_micros <= 100000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 100000 AND latency_micros <= 250000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 250000 AND latency_micros <= 500000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 500000 AND latency_micros <= 1000000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 1000000 AND latency_micros <= 2500000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 2500000 AND latency_micros <= 5000000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 5000000 AND latency_micros <= 10000000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 10000000 THEN 1 ELSE 0 END)
FROM usage_record
GROUP BY model_id, DATE_TRUNC('hour', created_at), COALESCE(api_key_id, '');

INSERT INTO usage_rollup_day
SELECT model_id, DATE_TRUNC('day', created_at), COALESCE(api_key_id, ''),
       SUM(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END),
       SUM(CASE WHEN outcome = 'client_error' THEN 1 ELSE 0 END),
       SUM(CASE WHEN outcome = 'server_error' THEN 1 ELSE 0 END),
       SUM(latency_micros), MIN(latency_micros), MAX(latency_micros), MAX(created_at),
       SUM(CASE WHEN latency_micros <= 1000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 1000 AND latency_micros <= 2000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 2000 AND latency_micros <= 5000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 5000 AND latency_micros <= 10000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 10000 AND latency_micros <= 25000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 25000 AND latency_micros <= 50000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 50000 AND latency_micros <= 100000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 100000 AND latency_micros <= 250000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 250000 AND latency_micros <= 500000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 500000 AND latency_micros <= 1000000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 1000000 AND latency_micros <= 2500000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 2500000 AND latency_micros <= 5000000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 5000000 AND latency_micros <= 10000000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN latency_micros > 10000000 THEN 1 ELSE 0 END)
FROM usage_record
GROUP BY model_id, DATE_TRUNC('day', created_at), COALESCE(api_key_id, '');

SET TIME ZONE LOCAL;

-- Monitoring (docs/monitoring.md). No foreign keys to model: rows are removed when a model is
-- deleted (ModelDeleted) and samples are purged after modelhost.monitoring.retention.

-- One row per model endpoint (all its loaded versions together) per sample interval.
CREATE TABLE model_resource_sample (
    model_id     VARCHAR(36)      NOT NULL,
    sampled_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- CPU time of its predictions in the interval, as a percentage of the whole machine
    cpu_percent  DOUBLE PRECISION NOT NULL,
    cpu_seconds  DOUBLE PRECISION NOT NULL,
    heap_bytes   BIGINT           NOT NULL,
    native_bytes BIGINT           NOT NULL,
    queue_depth  INTEGER          NOT NULL,
    loaded       BOOLEAN          NOT NULL,
    PRIMARY KEY (model_id, sampled_at)
);
CREATE INDEX model_resource_sample_time ON model_resource_sample (sampled_at);

-- The whole process, per sample interval.
CREATE TABLE platform_resource_sample (
    sampled_at          TIMESTAMP WITH TIME ZONE PRIMARY KEY,
    -- null where the JVM cannot tell
    process_cpu_percent DOUBLE PRECISION,
    rss_bytes           BIGINT           NOT NULL,
    heap_used_bytes     BIGINT           NOT NULL,
    models_loaded       INTEGER          NOT NULL,
    queue_depth         INTEGER          NOT NULL
);

-- Alert thresholds of a model endpoint; null: that metric is not watched.
CREATE TABLE alert_rule (
    model_id       VARCHAR(36)      PRIMARY KEY,
    cpu_percent    DOUBLE PRECISION,
    memory_mb      DOUBLE PRECISION,
    error_rate     DOUBLE PRECISION,
    p95_latency_ms DOUBLE PRECISION,
    window_seconds BIGINT           NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by     VARCHAR(36)      NOT NULL
);

-- Alerts raised, open until cleared. open_key is model_id:metric while the alert is open and
-- null once cleared: the unique index allows one open alert per model and metric, even with
-- several replicas evaluating.
CREATE TABLE alert (
    id          VARCHAR(36)      PRIMARY KEY,
    model_id    VARCHAR(36)      NOT NULL,
    metric      VARCHAR(32)      NOT NULL,
    threshold   DOUBLE PRECISION NOT NULL,
    raised_value DOUBLE PRECISION NOT NULL,
    raised_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    cleared_value DOUBLE PRECISION,
    cleared_at  TIMESTAMP WITH TIME ZONE,
    open_key    VARCHAR(80)
);
CREATE UNIQUE INDEX alert_open ON alert (open_key);
CREATE INDEX alert_model_time ON alert (model_id, raised_at);

-- Models flagged idle: one row per idle stretch, deleted when the model is used again.
CREATE TABLE idle_model (
    model_id     VARCHAR(36) PRIMARY KEY,
    idle_since   TIMESTAMP WITH TIME ZONE NOT NULL,
    flagged_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    archived     BOOLEAN     NOT NULL
);

-- One row per prediction request that reached a model, success or failure. The id is the
-- server's own request id, so a retried write can never count a request twice.
CREATE TABLE usage_record (
    id             VARCHAR(36) PRIMARY KEY,
    request_id     VARCHAR(64) NOT NULL,
    model_id       VARCHAR(36) NOT NULL,
    model_version  INTEGER     NOT NULL,
    user_id        VARCHAR(36) NOT NULL,
    api_key_id     VARCHAR(36),
    protocol       VARCHAR(16) NOT NULL,
    status         INTEGER     NOT NULL,
    outcome        VARCHAR(16) NOT NULL,
    rows_count     INTEGER     NOT NULL,
    latency_micros BIGINT      NOT NULL,
    queue_micros   BIGINT      NOT NULL,
    batch_size     INTEGER     NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX usage_record_model_time ON usage_record (model_id, created_at);
CREATE INDEX usage_record_user_time ON usage_record (user_id, created_at);

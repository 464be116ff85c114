-- Batch predictions: one row per batch-prediction job, with how far its scoring got (kept
-- here rather than as job events: a million rows report progress a few times a second) and
-- the first rows the model refused. The job itself is the jobs module's; this row goes with
-- the job and with the model (foreign keys), the result files with it (the batch module).
CREATE TABLE batch_prediction (
    job_id             VARCHAR(36)     PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    user_id            VARCHAR(36)     NOT NULL,
    model_id           VARCHAR(36)     NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    model_version      INTEGER         NOT NULL,
    dataset_id         VARCHAR(36)     NOT NULL,
    rows_total         BIGINT          NOT NULL,
    rows_done          BIGINT          NOT NULL,
    rows_ok            BIGINT          NOT NULL,
    rows_failed        BIGINT          NOT NULL,
    failures           VARCHAR(200000) NOT NULL,
    result_expires_at  TIMESTAMP WITH TIME ZONE,
    result_deleted     BOOLEAN         NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX batch_prediction_model ON batch_prediction (model_id, user_id, created_at);
CREATE INDEX batch_prediction_expiry ON batch_prediction (result_expires_at);

-- Training reports: what a training job found (leaderboard, cross-validated metrics, confusion
-- matrix, feature importance), one per model version it registered. The report is JSON written
-- by the training module; it goes with its model.
CREATE TABLE training_report (
    model_id    VARCHAR(36)      NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    version     INTEGER          NOT NULL,
    job_id      VARCHAR(36)      NOT NULL,
    dataset_id  VARCHAR(36)      NOT NULL,
    report      VARCHAR(1000000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (model_id, version)
);

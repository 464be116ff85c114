-- Evaluations by model: which of a user's evaluation jobs scored which model, so that a
-- model's evaluations list without reading every job. The result is the job's; a row goes
-- with its job (and so with its user) and with its model.
CREATE TABLE model_evaluation (
    job_id      VARCHAR(36) PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    model_id    VARCHAR(36) NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    user_id     VARCHAR(36) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX model_evaluation_model ON model_evaluation (model_id, user_id, created_at);

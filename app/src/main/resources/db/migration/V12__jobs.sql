-- Jobs: long-running work of any kind (training, evaluation, …), one row each, with its
-- event log (progress, stage, a handler's own events, one final event) for the event
-- streams. Progress and stage are also kept on the job so that reading one is a single row.
-- A job runs on one node at a time: status changes are conditional on the status they leave.
CREATE TABLE job (
    id                VARCHAR(36)      PRIMARY KEY,
    user_id           VARCHAR(36)      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind              VARCHAR(40)      NOT NULL,
    status            VARCHAR(16)      NOT NULL,
    progress          DOUBLE PRECISION NOT NULL,
    stage             VARCHAR(200),
    parameters        VARCHAR(1000000) NOT NULL,
    result            VARCHAR(1000000),
    error             VARCHAR(1000),
    -- the node running it (db-scheduler's picked_by), set when it starts
    node              VARCHAR(100),
    cancel_requested  BOOLEAN          NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX job_user ON job (user_id, created_at);
CREATE INDEX job_status ON job (status, node);

CREATE TABLE job_event (
    job_id  VARCHAR(36)      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    seq     BIGINT           NOT NULL,
    name    VARCHAR(40)      NOT NULL,
    data    VARCHAR(1000000) NOT NULL,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- db-scheduler 16's table (its PostgreSQL schema, in the types both databases accept):
-- one row per queued or running job, task_instance = the job's id. Nodes pick rows
-- through it, heartbeat the ones they run, and revive those whose node stopped
-- heartbeating (docs/adr/0008-jobs.md).
CREATE TABLE scheduled_tasks (
    task_name             VARCHAR(100) NOT NULL,
    task_instance         VARCHAR(100) NOT NULL,
    task_data             BYTEA,
    execution_time        TIMESTAMP WITH TIME ZONE NOT NULL,
    picked                BOOLEAN      NOT NULL,
    picked_by             VARCHAR(50),
    last_success          TIMESTAMP WITH TIME ZONE,
    last_failure          TIMESTAMP WITH TIME ZONE,
    consecutive_failures  INTEGER,
    last_heartbeat        TIMESTAMP WITH TIME ZONE,
    version               BIGINT       NOT NULL,
    priority              SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

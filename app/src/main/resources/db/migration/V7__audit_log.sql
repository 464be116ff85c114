-- The audit log: one row per management action that succeeded (who, what, when, from where).
-- No foreign keys: entries outlive the users, keys and models they name, until the retention
-- period (modelhost.audit.retention) purges them.
CREATE TABLE audit_entry (
    id             VARCHAR(36)      PRIMARY KEY,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id       VARCHAR(36)      NOT NULL,
    owner_id       VARCHAR(36),
    action         VARCHAR(100)     NOT NULL,
    target_type    VARCHAR(50)      NOT NULL,
    target_id      VARCHAR(255)     NOT NULL,
    -- a JSON object of strings
    details        VARCHAR(1000000) NOT NULL,
    client_address VARCHAR(255),
    request_id     VARCHAR(64),
    user_agent     VARCHAR(255)
);
-- a user's view (actor or owner, newest first), an administrator's view and the purge
CREATE INDEX audit_entry_actor_time ON audit_entry (actor_id, created_at);
CREATE INDEX audit_entry_owner_time ON audit_entry (owner_id, created_at);
CREATE INDEX audit_entry_time ON audit_entry (created_at);
-- everything that happened to one resource
CREATE INDEX audit_entry_target_time ON audit_entry (target_id, created_at);

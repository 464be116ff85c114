-- Versions, status, soft delete and sharing.
-- The endpoint serves current_version, the version the alias 'production' points to. Unless
-- the alias was moved by hand (production_pinned), it follows the newest version.
ALTER TABLE model ADD COLUMN production_pinned BOOLEAN NOT NULL DEFAULT FALSE;
-- Archived (soft-deleted) models keep their files until archived_at + the retention period.
ALTER TABLE model ADD COLUMN archived_at TIMESTAMP WITH TIME ZONE;
-- Status is now ACTIVE or INACTIVE (set by the owner) or FAILED (set by the platform).
UPDATE model SET status = 'ACTIVE' WHERE status = 'READY';

CREATE TABLE model_share (
    model_id   VARCHAR(36) NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    user_id    VARCHAR(36) NOT NULL REFERENCES app_user (id),
    permission VARCHAR(8)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (model_id, user_id)
);
CREATE INDEX model_share_user ON model_share (user_id);
CREATE INDEX model_archived ON model (archived_at);

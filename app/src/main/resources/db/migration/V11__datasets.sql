-- Uploaded datasets (docs/datasets.md). The file lies under <data-dir>/datasets/<id>/. The
-- profile is a JSON document whose shape depends on the kind ('tabular': rows, delimiter,
-- columns), so a new kind needs no new columns.
CREATE TABLE dataset (
    id                VARCHAR(36)   PRIMARY KEY,
    owner_id          VARCHAR(36)   NOT NULL REFERENCES app_user (id),
    name              VARCHAR(100)  NOT NULL,
    description       VARCHAR(2000) NOT NULL,
    kind              VARCHAR(16)   NOT NULL,
    original_filename VARCHAR(255)  NOT NULL,
    size_bytes        BIGINT        NOT NULL,
    sha256            VARCHAR(64)   NOT NULL,
    profile           TEXT          NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
-- a user's datasets, newest first
CREATE INDEX dataset_owner_created ON dataset (owner_id, created_at);

-- Model files are checked whenever they are loaded. sha256 is the upload's; a converted model
-- (a pickle served as PMML) serves another file, whose SHA-256 is served_sha256 (null for
-- versions stored before it was recorded). failure_reason says why the platform stopped
-- serving a version (its file is damaged); null while it serves.
ALTER TABLE model_version ADD COLUMN served_sha256 VARCHAR(64);
ALTER TABLE model_version ADD COLUMN failure_reason VARCHAR(500);

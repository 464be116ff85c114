-- A user's credential version: raised whenever their password changes or an administrator
-- disables or demotes them. Access tokens, refresh tokens and dashboard sessions carry the
-- version they were issued at and stop working once it differs. Portable across H2 and
-- PostgreSQL.
ALTER TABLE app_user ADD COLUMN credential_version INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE refresh_token ADD COLUMN credential_version INTEGER DEFAULT 0 NOT NULL;

-- Per-user overrides of modelhost.accounts.limits (docs/accounts.md, "Limits"): NULL follows the
-- server's default, -1 is unlimited, and n >= 0 is the user's own limit.
ALTER TABLE app_user ADD COLUMN max_models BIGINT;
ALTER TABLE app_user ADD COLUMN max_stored_bytes BIGINT;

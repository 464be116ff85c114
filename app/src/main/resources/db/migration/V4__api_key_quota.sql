-- A per-key request quota (requests per minute); NULL uses the configured default.
ALTER TABLE api_key ADD COLUMN requests_per_minute INTEGER;

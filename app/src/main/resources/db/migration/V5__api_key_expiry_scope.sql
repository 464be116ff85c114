-- API keys may expire, and may be limited to some of their owner's models (comma-separated ids).
ALTER TABLE api_key ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_key ADD COLUMN model_scope VARCHAR(4000);

-- How a version differs from the one production served when it was uploaded, where a
-- client would notice (JSON: {"compared_with": n, "differences": [...]}); null when it
-- may replace that one. Production does not move to such a version by itself.
ALTER TABLE model_version ADD COLUMN incompatibility VARCHAR(100000);

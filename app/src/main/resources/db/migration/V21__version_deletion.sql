-- A deleted version keeps its row as a tombstone (its files are gone), so that its number
-- is never given to another upload: a client calling /versions/3 must never reach
-- another model than the one it was written for.
ALTER TABLE model_version ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

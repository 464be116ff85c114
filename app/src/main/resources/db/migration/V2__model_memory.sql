-- What a model version held when it was last loaded: the runtime makes room for it before
-- loading it again, and refuses one that cannot fit.
ALTER TABLE model_version ADD COLUMN heap_bytes BIGINT;
ALTER TABLE model_version ADD COLUMN native_bytes BIGINT;

-- How an image model takes pictures (docs/predictions.md, "Pictures"): the declaration as JSON
-- {"width", "height", "channels", "layout", "scale", "mean", "std", "labels", "output"}, or
-- null for a version that takes no pictures. Declared at upload or later with a PATCH.
ALTER TABLE model_version ADD COLUMN image_input TEXT;

-- What the uploader wrote about a version (docs/models.md): the description typed with an upload that
-- became a new version of an existing model. Versions stored before have none.
ALTER TABLE model_version ADD COLUMN description VARCHAR(2000);

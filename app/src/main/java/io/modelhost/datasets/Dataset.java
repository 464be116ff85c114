package io.modelhost.datasets;

import java.time.Instant;

import io.modelhost.accounts.UserId;

/**
 * An uploaded dataset.
 *
 * @param id its identity
 * @param owner the user it belongs to; nobody else sees it
 * @param name a name for people, not unique
 * @param description what it holds, possibly empty
 * @param filename the name the client gave the file, for display only
 * @param sizeBytes the stored file's size
 * @param sha256 the stored file's SHA-256, hex
 * @param profile what the upload found in it; its kind is the dataset's
 * @param createdAt when it was uploaded
 */
public record Dataset(DatasetId id, UserId owner, String name, String description, String filename, long sizeBytes,
		String sha256, DatasetProfile profile, Instant createdAt) {

	/** The kind of dataset: how it is read. */
	public DatasetKind kind() {
		return this.profile.kind();
	}

}

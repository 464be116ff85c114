package io.modelhost.registry;

import java.time.Instant;

import io.modelhost.accounts.UserId;
import org.jspecify.annotations.Nullable;

/**
 * A model with the version its endpoint serves.
 *
 * @param id the model's id
 * @param owner who uploaded it
 * @param name its display name
 * @param description what it does
 * @param status whether the endpoint serves
 * @param version the version the endpoint serves: the one the alias {@code production}
 * points to
 * @param latestVersion the newest version's number
 * @param productionPinned whether {@code production} was moved by hand; if not, it
 * follows the newest version
 * @param archivedAt when it was archived (soft-deleted), or null while it is live
 * @param createdAt when it was first uploaded
 * @param updatedAt when it or its metadata last changed
 */
public record Model(ModelId id, UserId owner, String name, String description, ModelStatus status, ModelVersion version,
		int latestVersion, boolean productionPinned, @Nullable Instant archivedAt, Instant createdAt,
		Instant updatedAt) {

	/** Whether the model is archived. */
	public boolean archived() {
		return this.archivedAt != null;
	}

}

package io.modelhost.registry;

import java.time.Instant;

import io.modelhost.accounts.UserId;

/**
 * A model as its owner sees it, with the version its endpoint serves.
 *
 * @param id the model's id
 * @param owner who uploaded it
 * @param name its display name
 * @param description what it does
 * @param status whether the endpoint serves
 * @param version the version the endpoint serves
 * @param createdAt when it was first uploaded
 * @param updatedAt when it or its metadata last changed
 */
public record Model(ModelId id, UserId owner, String name, String description, ModelStatus status, ModelVersion version,
		Instant createdAt, Instant updatedAt) {

}

package io.modelhost.accounts;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An invitation to register, as administrators see it: never its token.
 *
 * @param id its id
 * @param email the only email address it admits, or null for any
 * @param createdBy the administrator who created it (null once they are deleted)
 * @param createdAt when it was created
 * @param expiresAt when it stops working
 * @param usedAt when a registration used it, or null
 * @param revokedAt when an administrator revoked it, or null
 */
public record Invitation(String id, @Nullable String email, @Nullable UserId createdBy, Instant createdAt,
		Instant expiresAt, @Nullable Instant usedAt, @Nullable Instant revokedAt) {

	public Invitation {
		Objects.requireNonNull(id, "id");
		if (expiresAt.isBefore(createdAt)) {
			throw new IllegalArgumentException("expiresAt must not be before createdAt but was " + expiresAt);
		}
	}

	/** Whether a registration could still use it at this instant. */
	public boolean usableAt(Instant now) {
		return this.usedAt == null && this.revokedAt == null && this.expiresAt.isAfter(now);
	}

}

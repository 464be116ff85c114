package io.modelhost.audit;

import java.time.Instant;

import io.modelhost.accounts.UserId;
import org.jspecify.annotations.Nullable;

/**
 * Which audit entries to read, newest first.
 *
 * @param user only entries this user did or owns (administrators only)
 * @param action only this action, e.g. {@code model.delete}; or, ending with a dot, every
 * action that starts with it, e.g. {@code model.}
 * @param targetId only entries about the resource with this id
 * @param since only entries at or after this instant
 * @param until only entries before this instant
 * @param page the page, from 0
 * @param size entries per page, 1..{@value #MAX_SIZE}
 */
public record AuditQuery(@Nullable UserId user, @Nullable String action, @Nullable String targetId,
		@Nullable Instant since, @Nullable Instant until, int page, int size) {

	/** The most entries on one page. */
	public static final int MAX_SIZE = 100;

	public AuditQuery {
		if (page < 0) {
			throw new IllegalArgumentException("page must be >= 0 but was " + page);
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new IllegalArgumentException("size must be in 1.." + MAX_SIZE + " but was " + size);
		}
		if (since != null && until != null && !since.isBefore(until)) {
			throw new IllegalArgumentException("since must be before until but were " + since + ", " + until);
		}
	}

	/** Whether {@link #action()} is a prefix ({@code model.}) rather than one action. */
	public boolean actionIsPrefix() {
		return this.action != null && this.action.endsWith(".");
	}

}

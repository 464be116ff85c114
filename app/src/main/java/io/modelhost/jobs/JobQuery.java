package io.modelhost.jobs;

import org.jspecify.annotations.Nullable;

/**
 * Which of a user's jobs to list: newest first.
 *
 * @param kind only jobs of this kind
 * @param status only jobs with this status
 * @param page the page, from 0
 * @param size jobs per page, 1..100
 */
public record JobQuery(@Nullable JobKind kind, @Nullable JobStatus status, int page, int size) {

	public JobQuery {
		if (page < 0) {
			throw new IllegalArgumentException("page must be >= 0 but was " + page);
		}
		if (size < 1 || size > 100) {
			throw new IllegalArgumentException("size must be in 1..100 but was " + size);
		}
	}

}

package io.modelhost.registry;

import org.jspecify.annotations.Nullable;

/**
 * Which of a user's models to list, and how.
 *
 * @param name only models whose name contains this, ignoring case
 * @param status only models with this status
 * @param format only models of this format id
 * @param sort the field to sort by
 * @param descending whether to sort from high to low
 * @param page the page, from 0
 * @param size models per page, 1..100
 * @param archived list archived models instead of live ones
 */
public record ModelQuery(@Nullable String name, @Nullable ModelStatus status, @Nullable String format, Sort sort,
		boolean descending, int page, int size, boolean archived) {

	/** Live models. */
	public ModelQuery(@Nullable String name, @Nullable ModelStatus status, @Nullable String format, Sort sort,
			boolean descending, int page, int size) {
		this(name, status, format, sort, descending, page, size, false);
	}

	public ModelQuery {
		if (page < 0) {
			throw new IllegalArgumentException("page must be >= 0 but was " + page);
		}
		if (size < 1 || size > 100) {
			throw new IllegalArgumentException("size must be in 1..100 but was " + size);
		}
	}

	/** Sortable fields. */
	public enum Sort {

		CREATED_AT, UPDATED_AT, NAME

	}

}

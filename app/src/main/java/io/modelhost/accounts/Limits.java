package io.modelhost.accounts;

import org.jspecify.annotations.Nullable;

/**
 * The limits a user is held to: the server's defaults unless an administrator overrode
 * them for the user.
 *
 * @param maxModels how many models the user may keep, or null for no limit
 * @param maxStoredBytes how many bytes of files the user may keep, or null for no limit
 */
public record Limits(@Nullable Long maxModels, @Nullable Long maxStoredBytes) {

	/** No limit at all. */
	public static final Limits NONE = new Limits(null, null);

	public Limits {
		if (maxModels != null && maxModels < 0) {
			throw new IllegalArgumentException("maxModels must be >= 0 but was " + maxModels);
		}
		if (maxStoredBytes != null && maxStoredBytes < 0) {
			throw new IllegalArgumentException("maxStoredBytes must be >= 0 but was " + maxStoredBytes);
		}
	}

	/** The defaults with the user's overrides applied. */
	public static Limits of(Limits defaults, LimitOverrides overrides) {
		return new Limits(LimitOverrides.apply(defaults.maxModels(), overrides.maxModels()),
				LimitOverrides.apply(defaults.maxStoredBytes(), overrides.maxStoredBytes()));
	}

}

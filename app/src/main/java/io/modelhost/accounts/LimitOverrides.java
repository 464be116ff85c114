package io.modelhost.accounts;

import org.jspecify.annotations.Nullable;

/**
 * An administrator's overrides of the server's default limits for one user. Each is null
 * (follow the default), {@link #UNLIMITED}, or a limit of its own (>= 0).
 *
 * @param maxModels how many models the user may keep
 * @param maxStoredBytes how many bytes of files the user may keep
 */
public record LimitOverrides(@Nullable Long maxModels, @Nullable Long maxStoredBytes) {

	/** No limit, whatever the default. */
	public static final long UNLIMITED = -1;

	/** Follow the defaults. */
	public static final LimitOverrides NONE = new LimitOverrides(null, null);

	public LimitOverrides {
		check("maxModels", maxModels);
		check("maxStoredBytes", maxStoredBytes);
	}

	private static void check(String name, @Nullable Long value) {
		if (value != null && value < UNLIMITED) {
			throw new IllegalArgumentException(name + " must be -1 (unlimited), >= 0 or null but was " + value);
		}
	}

	/** The limit that holds: the override's, or the default's when there is none. */
	static @Nullable Long apply(@Nullable Long defaultLimit, @Nullable Long override) {
		if (override == null) {
			return defaultLimit;
		}
		return (override == UNLIMITED) ? null : override;
	}

}

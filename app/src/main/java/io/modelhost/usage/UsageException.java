package io.modelhost.usage;

/** Base of what the usage module throws on purpose. */
public abstract sealed class UsageException extends RuntimeException permits InvalidStatsQueryException {

	protected UsageException(String message) {
		super(message);
	}

}

package io.modelhost.accounts;

/** A new model would take the owner past the number of models they may keep. */
public final class ModelLimitReachedException extends AccountException {

	private final long limit;

	private final long models;

	public ModelLimitReachedException(long limit, long models) {
		super("the owner keeps " + models + " models, and may keep " + limit);
		this.limit = limit;
		this.models = models;
	}

	/** How many models the owner may keep. */
	public long limit() {
		return this.limit;
	}

	/** How many they keep, live or archived. */
	public long models() {
		return this.models;
	}

}

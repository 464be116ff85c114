package io.modelhost.accounts;

/**
 * What a user keeps on the platform, as counted against their limits.
 *
 * @param models their models, live or archived (an archived model keeps its files until
 * it is deleted for good)
 * @param storedBytes the bytes of their stored files: every version of their models and
 * their datasets, as uploaded (trained models are uploads of the trainer's file)
 */
public record Holdings(long models, long storedBytes) {

	/** Nothing. */
	public static final Holdings NONE = new Holdings(0, 0);

	public Holdings {
		if (models < 0) {
			throw new IllegalArgumentException("models must be >= 0 but was " + models);
		}
		if (storedBytes < 0) {
			throw new IllegalArgumentException("storedBytes must be >= 0 but was " + storedBytes);
		}
	}

	/** Both together. */
	public Holdings plus(Holdings other) {
		return new Holdings(this.models + other.models, this.storedBytes + other.storedBytes);
	}

}

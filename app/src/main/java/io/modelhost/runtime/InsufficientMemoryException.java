package io.modelhost.runtime;

/**
 * A model needs more memory than the budget for loaded models allows, even with every
 * other model unloaded.
 */
public final class InsufficientMemoryException extends RuntimeException {

	private final long neededBytes;

	private final long budgetBytes;

	public InsufficientMemoryException(long neededBytes, long budgetBytes) {
		super("the model needs " + megabytes(neededBytes) + " MB of memory but loaded models may hold "
				+ megabytes(budgetBytes) + " MB");
		this.neededBytes = neededBytes;
		this.budgetBytes = budgetBytes;
	}

	public long neededBytes() {
		return this.neededBytes;
	}

	public long budgetBytes() {
		return this.budgetBytes;
	}

	private static String megabytes(long bytes) {
		return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1_048_576.0);
	}

}

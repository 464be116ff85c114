package io.modelhost.drift;

/**
 * Too few rows to compare: fewer captured in the window, or in a dataset, than the
 * minimum.
 */
public final class NotEnoughRowsException extends DriftException {

	private final long rows;

	private final int needed;

	public NotEnoughRowsException(String what, long rows, int needed) {
		super(what + " holds " + rows + " rows; drift needs at least " + needed);
		this.rows = rows;
		this.needed = needed;
	}

	public long rows() {
		return this.rows;
	}

	public int needed() {
		return this.needed;
	}

}

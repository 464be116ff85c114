package io.modelhost.datasets;

import org.springframework.util.unit.DataSize;

/** A dataset file over the upload limit; nothing was kept. */
public final class DatasetTooLargeException extends DatasetException {

	private final DataSize limit;

	public DatasetTooLargeException(long sizeBytes, DataSize limit) {
		super("the file has " + sizeBytes + " bytes, more than the dataset upload limit of " + limit.toBytes()
				+ " bytes");
		this.limit = limit;
	}

	/** The limit the file exceeded. */
	public DataSize limit() {
		return this.limit;
	}

}

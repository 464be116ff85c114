package io.modelhost.datasets;

/**
 * No dataset with this id is visible to the caller (it may exist and belong to someone
 * else).
 */
public final class DatasetNotFoundException extends DatasetException {

	public DatasetNotFoundException() {
		super("no such dataset");
	}

}

package io.modelhost.datasets;

import java.util.regex.Pattern;

/**
 * A dataset's identity.
 *
 * @param value a lower-case UUID string
 */
public record DatasetId(String value) {

	private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	public DatasetId {
		if (!UUID.matcher(value).matches()) {
			throw new IllegalArgumentException("a dataset id is a lower-case UUID but was '" + value + "'");
		}
	}

	/**
	 * The dataset id in a path segment.
	 * @throws DatasetNotFoundException if the text cannot be a dataset id: it names no
	 * dataset
	 */
	public static DatasetId parse(String value) {
		if (!UUID.matcher(value).matches()) {
			throw new DatasetNotFoundException();
		}
		return new DatasetId(value);
	}

	/** Whether the text has the form of an id (datasets and users alike have UUIDs). */
	public static boolean isUuid(String value) {
		return UUID.matcher(value).matches();
	}

	@Override
	public String toString() {
		return this.value;
	}

}

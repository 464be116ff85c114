package io.modelhost.datasets;

import java.util.Locale;

/**
 * What a dataset holds, and so how it is read and profiled: each kind has a
 * {@link DatasetProfile} of its own.
 */
public enum DatasetKind {

	/** A CSV file with a header row: named, typed columns. */
	TABULAR,

	/** A zip of labelled PNG or JPEG pictures: one class label per picture. */
	IMAGES;

	/** The kind as the API and the database spell it, e.g. {@code tabular}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The kind with this id.
	 * @throws IllegalArgumentException if there is none
	 */
	public static DatasetKind of(String id) {
		for (DatasetKind kind : values()) {
			if (kind.id().equals(id)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("no dataset kind '" + id + "'");
	}

}

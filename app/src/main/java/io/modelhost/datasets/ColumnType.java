package io.modelhost.datasets;

import java.util.Locale;

/**
 * A column's type, inferred from every value of it (docs/datasets.md has the rules). The
 * Java type of its values in {@link TabularRow}s follows from it.
 */
public enum ColumnType {

	/** Decimal numbers: values are {@link Double}s. */
	NUMBER,

	/** Whole numbers: values are {@link Long}s. */
	INTEGER,

	/** Few distinct strings: values are {@link String}s. */
	CATEGORY,

	/** true/false or yes/no: values are {@link Boolean}s. */
	BOOLEAN,

	/** Any other strings: values are {@link String}s. */
	TEXT;

	/** The type as the API spells it, e.g. {@code integer}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

}

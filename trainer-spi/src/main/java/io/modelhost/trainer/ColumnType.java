package io.modelhost.trainer;

import java.util.Locale;

/**
 * The type of a dataset column, as the dataset's profile declares it. It decides the Java
 * type of the column's values in {@link RowReader#read()}.
 */
public enum ColumnType {

	/** Real numbers: values are {@link Double}. */
	NUMBER,
	/** Whole numbers: values are {@link Long}. */
	INTEGER,
	/** A small set of labels: values are {@link String}. */
	CATEGORY,
	/** True or false: values are {@link Boolean}. */
	BOOLEAN,
	/** Free text: values are {@link String}; tabular trainers ignore such columns. */
	TEXT;

	/** Lower-case name for the API, e.g. {@code category}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Whether values are numbers. */
	public boolean isNumeric() {
		return this == NUMBER || this == INTEGER;
	}

}

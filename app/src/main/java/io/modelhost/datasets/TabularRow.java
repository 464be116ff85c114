package io.modelhost.datasets;

import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One data row of a tabular dataset, typed by its columns' types.
 *
 * @param line the line of the file the row starts on (the header is line 1)
 * @param values one value per column, in column order: a {@link Long}, {@link Double},
 * {@link Boolean} or {@link String} as {@link ColumnType} says, or null where the value
 * is missing
 */
public record TabularRow(long line, List<@Nullable Object> values) {

	public TabularRow {
		// List.copyOf refuses nulls, and a missing value is null
		values = Collections.unmodifiableList(java.util.Arrays.asList(values.toArray()));
	}

	/** The value of the column at this index, or null when missing. */
	public @Nullable Object get(int column) {
		return this.values.get(column);
	}

}

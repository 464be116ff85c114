package io.modelhost.trainer;

/**
 * One column of a tabular dataset.
 *
 * @param name the column's name from the header; a served model takes it as an input name
 * @param type the column's type
 */
public record Column(String name, ColumnType type) {

	public Column {
		if (name.isEmpty()) {
			throw new IllegalArgumentException("name must not be empty");
		}
	}

}

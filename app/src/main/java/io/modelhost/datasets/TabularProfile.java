package io.modelhost.datasets;

import java.util.List;

/**
 * The profile of a CSV dataset.
 *
 * @param rows the number of data rows (the header not counted)
 * @param delimiter the field delimiter sniffed: {@code ,}, {@code ;} or a tab
 * @param columns the columns, in file order
 */
public record TabularProfile(long rows, char delimiter, List<ColumnProfile> columns) implements DatasetProfile {

	public TabularProfile {
		if (rows < 1) {
			throw new IllegalArgumentException("rows must be >= 1 but was " + rows);
		}
		if (columns.isEmpty()) {
			throw new IllegalArgumentException("a tabular dataset has at least one column");
		}
		columns = List.copyOf(columns);
	}

	@Override
	public DatasetKind kind() {
		return DatasetKind.TABULAR;
	}

	/** The columns' names, in file order. */
	public List<String> columnNames() {
		return this.columns.stream().map(ColumnProfile::name).toList();
	}

}

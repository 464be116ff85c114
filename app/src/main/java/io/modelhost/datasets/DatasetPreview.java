package io.modelhost.datasets;

import java.util.List;

/**
 * The first rows of a tabular dataset.
 *
 * @param dataset the dataset
 * @param rows at most as many rows as asked for, from the first
 */
public record DatasetPreview(Dataset dataset, List<TabularRow> rows) {

	public DatasetPreview {
		rows = List.copyOf(rows);
	}

}

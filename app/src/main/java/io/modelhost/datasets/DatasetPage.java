package io.modelhost.datasets;

import java.util.List;

/**
 * One page of a listing, newest first.
 *
 * @param datasets the datasets on this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many datasets there are in all
 */
public record DatasetPage(List<Dataset> datasets, int page, int size, long total) {

	public DatasetPage {
		datasets = List.copyOf(datasets);
	}

}

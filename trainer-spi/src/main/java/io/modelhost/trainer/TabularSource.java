package io.modelhost.trainer;

import java.io.IOException;
import java.util.List;

/**
 * A tabular dataset a trainer reads: typed columns and a way to read the rows, as many
 * times as the trainer needs. The platform's datasets module supplies one per stored
 * dataset.
 *
 * <p>
 * Implementations must allow {@link #open()} to be called more than once, from any
 * thread; each reader is used by one thread.
 */
public interface TabularSource {

	/** The columns, in file order; names are unique. */
	List<Column> columns();

	/**
	 * Opens a reader over every row from the first.
	 * @throws IOException when the data cannot be opened
	 */
	RowReader open() throws IOException;

}

package io.modelhost.trainer;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Reads a dataset's rows once, in order. Not thread-safe; the caller closes it.
 */
public interface RowReader extends AutoCloseable {

	/**
	 * The next row, or null after the last one.
	 * @return one value per {@link TabularSource#columns() column}, in column order, each
	 * of the Java type its {@link ColumnType} names, or null where the cell is missing
	 * @throws IOException when the rows cannot be read
	 */
	@Nullable Object @Nullable [] read() throws IOException;

	@Override
	void close() throws IOException;

}

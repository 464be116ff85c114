package io.modelhost.datasets.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.modelhost.datasets.ColumnProfile;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.datasets.TabularRow;
import org.jspecify.annotations.Nullable;

/**
 * The rows of a stored CSV dataset, read lazily with the dialect and types its profile
 * found when it was uploaded.
 */
public final class TabularRows {

	private TabularRows() {
	}

	/**
	 * The file's data rows, typed, in file order. The stream holds the file open until it
	 * is closed.
	 */
	public static Stream<TabularRow> stream(Path file, TabularProfile profile) throws IOException {
		InputStream in = new BufferedInputStream(Files.newInputStream(file));
		List<ColumnProfile> columns = profile.columns();
		var reader = new CsvReader(new Utf8Text(in), profile.delimiter(), columns.size());
		Spliterator<TabularRow> rows = new Spliterators.AbstractSpliterator<>(profile.rows(),
				Spliterator.ORDERED | Spliterator.NONNULL) {

			private boolean headerSkipped;

			@Override
			public boolean tryAdvance(Consumer<? super TabularRow> action) {
				try {
					if (!this.headerSkipped) {
						reader.next();
						this.headerSkipped = true;
					}
					CsvReader.CsvRecord record = reader.next();
					if (record == null) {
						return false;
					}
					action.accept(typed(record, columns));
					return true;
				}
				catch (IOException ex) {
					throw new UncheckedIOException("cannot read the dataset's file", ex);
				}
			}
		};
		return StreamSupport.stream(rows, false).onClose(() -> {
			try {
				in.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static TabularRow typed(CsvReader.CsvRecord record, List<ColumnProfile> columns) {
		if (record.fieldCount() != columns.size()) {
			throw new IllegalStateException("line " + record.line() + " of a stored dataset has " + record.fieldCount()
					+ " values for " + columns.size() + " columns");
		}
		var values = new ArrayList<@Nullable Object>(columns.size());
		for (int i = 0; i < columns.size(); i++) {
			values.add(Cells.typed(record.fields().get(i), columns.get(i).type()));
		}
		return new TabularRow(record.line(), values);
	}

}

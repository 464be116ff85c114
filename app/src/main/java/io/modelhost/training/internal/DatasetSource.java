package io.modelhost.training.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import io.modelhost.accounts.UserId;
import io.modelhost.datasets.ColumnProfile;
import io.modelhost.datasets.DatasetId;
import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.datasets.TabularRow;
import io.modelhost.trainer.Column;
import io.modelhost.trainer.ColumnType;
import io.modelhost.trainer.RowReader;
import io.modelhost.trainer.TabularSource;
import org.jspecify.annotations.Nullable;

/**
 * A stored dataset as the trainer reads it: each {@link #open()} streams the file from
 * disk again, so a trainer may read it as often as it needs without the platform holding
 * it in memory. The datasets' and the trainer's column types name the same Java types.
 */
final class DatasetSource implements TabularSource {

	private final Datasets datasets;

	private final UserId owner;

	private final DatasetId id;

	private final List<Column> columns;

	DatasetSource(Datasets datasets, UserId owner, DatasetId id, TabularProfile profile) {
		this.datasets = datasets;
		this.owner = owner;
		this.id = id;
		this.columns = profile.columns().stream().map(DatasetSource::column).toList();
	}

	@Override
	public List<Column> columns() {
		return this.columns;
	}

	@Override
	public RowReader open() throws IOException {
		try {
			return new Reader(this.datasets.rows(this.owner, this.id));
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		catch (DatasetNotFoundException ex) {
			throw new IOException("the dataset was deleted during the training", ex);
		}
	}

	private static Column column(ColumnProfile profile) {
		return new Column(profile.name(), switch (profile.type()) {
			case NUMBER -> ColumnType.NUMBER;
			case INTEGER -> ColumnType.INTEGER;
			case CATEGORY -> ColumnType.CATEGORY;
			case BOOLEAN -> ColumnType.BOOLEAN;
			case TEXT -> ColumnType.TEXT;
		});
	}

	/** One pass over the rows; closing it closes the file. */
	private static final class Reader implements RowReader {

		private final Stream<TabularRow> rows;

		private final Iterator<TabularRow> iterator;

		Reader(Stream<TabularRow> rows) {
			this.rows = rows;
			this.iterator = rows.iterator();
		}

		@Override
		public @Nullable Object @Nullable [] read() throws IOException {
			try {
				return this.iterator.hasNext() ? this.iterator.next().values().toArray() : null;
			}
			catch (UncheckedIOException ex) {
				throw ex.getCause();
			}
		}

		@Override
		public void close() {
			this.rows.close();
		}

	}

}

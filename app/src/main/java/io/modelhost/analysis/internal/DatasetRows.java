package io.modelhost.analysis.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import io.modelhost.accounts.UserId;
import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.datasets.DatasetPictures;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.datasets.TabularRow;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.jobs.JobFailedException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A dataset read in batches for scoring, from disk as it goes: a CSV's rows as they
 * stream, or an image dataset's pictures one at a time, so that at most one batch is in
 * memory whatever the dataset's size. Closing it closes the file.
 */
abstract sealed class DatasetRows implements AutoCloseable permits DatasetRows.Tabular, DatasetRows.Pictures {

	/** How many rows (or pictures) the dataset has. */
	abstract long size();

	/** The next batch of at most {@code size} rows, or an empty list at the end. */
	abstract List<Row> next(int size);

	@Override
	public void close() {
	}

	/**
	 * A CSV's rows as instances by feature name for the given models (each feature the
	 * dataset has a column for; the rest are left out, as the endpoint allows for
	 * features a model does not read).
	 */
	static DatasetRows tabular(Datasets datasets, UserId owner, AnalysisParameters order,
			List<TabularSignature> signatures) {
		try {
			TabularProfile profile = datasets.profile(owner, order.datasetId());
			List<String> columns = profile.columnNames();
			var features = new java.util.LinkedHashMap<String, Integer>();
			for (TabularSignature signature : signatures) {
				for (Feature feature : signature.features()) {
					int index = columns.indexOf(feature.name());
					if (index >= 0) {
						features.putIfAbsent(feature.name(), index);
					}
				}
			}
			int target = columns.indexOf(order.target());
			if (target < 0) {
				throw new JobFailedException("the dataset has no column '" + order.target() + "'");
			}
			return new Tabular(datasets.rows(owner, order.datasetId()), profile.rows(), features, target);
		}
		catch (DatasetNotFoundException ex) {
			throw new JobFailedException("the dataset " + order.datasetId() + " no longer exists");
		}
	}

	/** An image dataset's pictures, each encoded as PNG as a client would send it. */
	static DatasetRows pictures(Datasets datasets, UserId owner, AnalysisParameters order) {
		try {
			return new Pictures(datasets.pictures(owner, order.datasetId()));
		}
		catch (DatasetNotFoundException ex) {
			throw new JobFailedException("the dataset " + order.datasetId() + " no longer exists");
		}
	}

	/**
	 * One row of the dataset.
	 *
	 * @param number its place among the data rows (or pictures), from 1
	 * @param line the CSV line it starts on (the header is line 1); 0 for a picture
	 * @param entry the picture's name in the uploaded archive; null for a CSV row
	 * @param actual its true label or value; null when the row has none
	 * @param input what the model is sent: an {@link ObjectNode} instance or PNG bytes
	 */
	record Row(long number, long line, @Nullable String entry, @Nullable Object actual, Object input) {

	}

	static final class Tabular extends DatasetRows {

		private final Stream<TabularRow> stream;

		private final Iterator<TabularRow> rows;

		private final long size;

		private final java.util.Map<String, Integer> features;

		private final int target;

		private long number;

		Tabular(Stream<TabularRow> stream, long size, java.util.Map<String, Integer> features, int target) {
			this.stream = stream;
			this.rows = stream.iterator();
			this.size = size;
			this.features = features;
			this.target = target;
		}

		@Override
		long size() {
			return this.size;
		}

		@Override
		List<Row> next(int size) {
			var batch = new ArrayList<Row>(size);
			try {
				while (batch.size() < size && this.rows.hasNext()) {
					TabularRow row = this.rows.next();
					ObjectNode instance = JsonNodeFactory.instance.objectNode();
					this.features.forEach((name, index) -> put(instance, name, row.get(index)));
					batch.add(new Row(++this.number, row.line(), null, row.get(this.target), instance));
				}
			}
			catch (UncheckedIOException ex) {
				throw new JobFailedException("the dataset could not be read: it was deleted or damaged", ex);
			}
			return batch;
		}

		private static void put(ObjectNode instance, String name, @Nullable Object value) {
			switch (value) {
				case null -> instance.putNull(name);
				case Long number -> instance.put(name, number);
				case Double number -> instance.put(name, number);
				case Boolean bool -> instance.put(name, bool);
				default -> instance.put(name, value.toString());
			}
		}

		@Override
		public void close() {
			this.stream.close();
		}

	}

	static final class Pictures extends DatasetRows {

		private final DatasetPictures pictures;

		private int next;

		Pictures(DatasetPictures pictures) {
			this.pictures = pictures;
		}

		@Override
		long size() {
			return this.pictures.size();
		}

		@Override
		List<Row> next(int size) {
			var batch = new ArrayList<Row>(size);
			while (batch.size() < size && this.next < this.pictures.size()) {
				int index = this.next++;
				batch.add(new Row(index + 1L, 0, this.pictures.entry(index), this.pictures.label(index), png(index)));
			}
			return batch;
		}

		/** The picture as decoded at upload, written as a lossless PNG. */
		private byte[] png(int index) {
			try {
				var out = new ByteArrayOutputStream();
				ImageIO.write(this.pictures.read(index), "png", out);
				return out.toByteArray();
			}
			catch (IOException ex) {
				throw new JobFailedException(
						"picture " + (index + 1) + " of the dataset could not be read: it was " + "deleted or damaged",
						ex);
			}
		}

	}

}

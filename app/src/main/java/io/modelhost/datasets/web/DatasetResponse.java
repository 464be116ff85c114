package io.modelhost.datasets.web;

import java.time.Instant;
import java.util.List;

import io.modelhost.datasets.ColumnProfile;
import io.modelhost.datasets.Dataset;
import io.modelhost.datasets.ImageProfile;
import io.modelhost.datasets.TabularProfile;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A dataset in API responses; the fields after {@code kind} depend on the kind. */
record DatasetResponse(String id, String name, String description, String ownerId, @Schema(
		description = "What the dataset holds: 'tabular' (a CSV) or 'images' (a zip of labelled pictures)") String kind,
		@Schema(description = "The file name the upload gave") String filename,
		@Schema(description = "The stored file's size") long sizeBytes,
		@Schema(description = "The stored file's SHA-256, hex") String sha256,
		@Schema(description = "Tabular: the number of data rows, the header not counted") @Nullable Long rows,
		@Schema(description = "Tabular: the delimiter sniffed: ',', ';' or a tab") @Nullable String delimiter,
		@Schema(description = "Tabular: the columns in file order, with their profile") @Nullable List<DatasetColumnResponse> columns,
		@Schema(description = "Images: how many pictures") @Nullable Integer images,
		@Schema(description = "Images: the classes sorted by label, with their picture counts and the indexes of "
				+ "their first pictures (for GET /api/v1/datasets/{id}/images/{index})") @Nullable List<DatasetImageClass> classes,
		@Schema(description = "Images: the pictures' size when they all have one, else the string 'mixed'", oneOf = {
				DatasetImageSize.class, String.class }) @Nullable Object imageSize,
		@Schema(description = "Images: entries of the zip left out as junk (__MACOSX/, .DS_Store and other hidden "
				+ "files, Thumbs.db)") @Nullable Integer ignoredEntries,
		Instant createdAt){

	static DatasetResponse of(Dataset dataset) {
		return switch (dataset.profile()) {
			case TabularProfile tabular -> new DatasetResponse(dataset.id().value(), dataset.name(),
					dataset.description(), dataset.owner().value(), dataset.kind().id(), dataset.filename(),
					dataset.sizeBytes(), dataset.sha256(), tabular.rows(), String.valueOf(tabular.delimiter()),
					tabular.columns().stream().map(DatasetColumnResponse::of).toList(), null, null, null, null,
					dataset.createdAt());
			case ImageProfile images -> new DatasetResponse(dataset.id().value(), dataset.name(), dataset.description(),
					dataset.owner().value(), dataset.kind().id(), dataset.filename(), dataset.sizeBytes(),
					dataset.sha256(), null, null, null, images.images(),
					images.classes()
						.stream()
						.map((c) -> new DatasetImageClass(c.label(), c.count(), c.samples()))
						.toList(),
					(images.size() != null) ? DatasetImageSize.of(images.size()) : "mixed", images.ignoredEntries(),
					dataset.createdAt());
		};
	}

	/**
	 * One column's profile.
	 *
	 * @param name its name in the header
	 * @param type number, integer, category, boolean or text
	 * @param missing rows without a value
	 * @param distinct distinct values, missing not counted
	 * @param distinctExact false when counting stopped at the cap: distinct is then a
	 * lower bound
	 * @param min number and integer columns only
	 * @param max number and integer columns only
	 * @param mean number and integer columns only
	 * @param topValues category and boolean columns: the most frequent values (at most
	 * 5), most frequent first
	 */
	record DatasetColumnResponse(String name,
			@Schema(description = "number, integer, category, boolean or text") String type, long missing,
			long distinct,
			@Schema(description = "False when counting stopped at 1000: distinct is a lower bound") boolean distinctExact,
			@Schema(description = "Number and integer columns: the smallest value") @Nullable Number min,
			@Schema(description = "Number and integer columns: the largest value") @Nullable Number max,
			@Schema(description = "Number and integer columns: the mean") @Nullable Double mean,
			@Schema(description = "Category and boolean columns: the most frequent values, at most 5") List<DatasetValueCount> topValues) {

		static DatasetColumnResponse of(ColumnProfile column) {
			return new DatasetColumnResponse(column.name(), column.type().id(), column.missing(), column.distinct(),
					column.distinctExact(), column.min(), column.max(), column.mean(),
					column.topValues().stream().map((top) -> new DatasetValueCount(top.value(), top.count())).toList());
		}

	}

	/**
	 * A value and how many rows hold it.
	 *
	 * @param value a string for categories, true or false for booleans
	 * @param count how many rows hold it
	 */
	record DatasetValueCount(Object value, long count) {

	}

	/**
	 * One class of an image dataset.
	 *
	 * @param label its label
	 * @param count how many pictures have it
	 * @param samples the indexes of its first pictures, at most 5
	 */
	record DatasetImageClass(String label, int count,
			@Schema(description = "Indexes of its first pictures (at most 5), for thumbnails") List<Integer> samples) {

	}

	/**
	 * The size every picture of an image dataset has.
	 *
	 * @param width in pixels
	 * @param height in pixels
	 * @param channels 1 for grey, 3 for colour
	 */
	record DatasetImageSize(int width, int height,
			@Schema(description = "1 for grey pictures, 3 for colour (alpha not counted)") int channels) {

		static DatasetImageSize of(ImageProfile.ImageSize size) {
			return new DatasetImageSize(size.width(), size.height(), size.channels());
		}

	}

	/** One page of datasets. */
	record DatasetList(List<DatasetResponse> items, int page, int size, long total) {

	}

	/**
	 * The first rows of a dataset.
	 *
	 * @param datasetId the dataset
	 * @param columns the columns' names and types, in order
	 * @param rows one array per row, one value per column: numbers as numbers, booleans
	 * as booleans, missing values as null
	 */
	record DatasetPreviewResponse(String datasetId, List<PreviewColumn> columns, List<List<@Nullable Object>> rows) {

	}

	/**
	 * A column of a preview.
	 *
	 * @param name its name
	 * @param type its type
	 */
	record PreviewColumn(String name, String type) {

	}

}

package io.modelhost.drift;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.engine.testkit.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The iris random forest, and the rows of fixtures/datasets/iris.csv, and variants of it
 * written for a test.
 */
public final class IrisRows {

	/** The header of the file. */
	public static final String HEADER = "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),species";

	/**
	 * The features as declared at upload: iris_rf.joblib was fitted on a bare array, so
	 * its features are x1..x4 until named like the dataset's columns.
	 */
	public static final String FEATURES = "sepal length (cm), sepal width (cm), petal length (cm), petal width (cm)";

	private IrisRows() {
	}

	/** Uploads the iris random forest with its features named as in iris.csv; its id. */
	public static String uploadModel(ApiClient client) {
		ApiClient.Response response = client.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "iris", "description", "iris forest", "features", FEATURES));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	public static Path file() {
		return Fixtures.root().resolve("datasets/iris.csv");
	}

	/** The four features of every row. */
	public static List<double[]> features() {
		try {
			List<String> lines = Files.readAllLines(file());
			var rows = new ArrayList<double[]>();
			for (String line : lines.subList(1, lines.size())) {
				if (line.isBlank()) {
					continue;
				}
				String[] cells = line.split(",");
				rows.add(Arrays.stream(cells, 0, 4).mapToDouble(Double::parseDouble).toArray());
			}
			return rows;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The standard deviation of one feature. */
	public static double standardDeviation(int feature) {
		double[] values = features().stream().mapToDouble((row) -> row[feature]).toArray();
		double mean = Arrays.stream(values).average().orElseThrow();
		return Math.sqrt(Arrays.stream(values).map((v) -> (v - mean) * (v - mean)).sum() / (values.length - 1));
	}

	/**
	 * Writes the iris rows with one feature moved by {@code by}, the species left out.
	 */
	public static Path shifted(Path directory, int feature, double by) {
		var lines = new ArrayList<String>();
		lines.add(HEADER.substring(0, HEADER.lastIndexOf(',')));
		for (double[] row : features()) {
			double[] moved = row.clone();
			moved[feature] += by;
			lines.add(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f", moved[0], moved[1], moved[2], moved[3]));
		}
		return write(directory.resolve("shifted.csv"), lines);
	}

	/** Writes a CSV with two of the features only. */
	public static Path twoFeatures(Path directory) {
		var lines = new ArrayList<String>();
		lines.add("sepal length (cm),petal width (cm)");
		for (double[] row : features()) {
			lines.add(row[0] + "," + row[3]);
		}
		return write(directory.resolve("two-features.csv"), lines);
	}

	private static Path write(Path file, List<String> lines) {
		try {
			return Files.write(file, lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

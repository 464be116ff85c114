package io.modelhost.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import io.modelhost.ApiClient;
import io.modelhost.engine.testkit.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixture datasets as the tests read them, and what a model answers for them through
 * its own /predict endpoint: the independent side of every figure an evaluation reports.
 */
final class Labelled {

	static final Path IRIS = Fixtures.root().resolve("datasets/iris.csv");

	static final Path DIABETES = Fixtures.root().resolve("datasets/diabetes.csv");

	/** The iris fixtures' classes: 0, 1, 2 are setosa, versicolor, virginica. */
	static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");

	private Labelled() {
	}

	/**
	 * The header and the data rows of a CSV, split at commas (the fixtures quote
	 * nothing).
	 */
	static List<List<String>> read(Path csv) {
		try {
			return Files.readAllLines(csv)
				.stream()
				.filter((line) -> !line.isBlank())
				.map((line) -> List.of(line.split(",", -1)))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A copy of a CSV with each data row changed, in a temporary file. */
	static Path rewrite(Path csv, String name, UnaryOperator<List<String>> change) {
		List<List<String>> rows = read(csv);
		var lines = new ArrayList<String>();
		lines.add(String.join(",", rows.getFirst()));
		for (List<String> row : rows.subList(1, rows.size())) {
			lines.add(String.join(",", change.apply(new ArrayList<>(row))));
		}
		try {
			Path file = Files.createTempDirectory("labelled").resolve(name);
			Files.write(file, lines);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The iris CSV with the species as the class codes the iris fixture models predict.
	 */
	static Path codedIris() {
		return rewrite(IRIS, "iris-coded.csv", (row) -> {
			row.set(4, Integer.toString(SPECIES.indexOf(row.get(4))));
			return row;
		});
	}

	static String upload(ApiClient user, Path csv) {
		ApiClient.Response response = user.upload("/api/v1/datasets", csv, null,
				Map.of("name", csv.getFileName().toString()));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	/** Uploads a fixture model with the dataset's column names as its feature names. */
	static JsonNode model(ApiClient user, String fixture, List<String> features) {
		var quoted = features.stream().map((f) -> "\"" + f + "\"").toList();
		ApiClient.Response response = user.upload("/api/v1/models", Fixtures.model(fixture), null, Map.of("name",
				fixture, "description", "fixture " + fixture, "features", "[" + String.join(", ", quoted) + "]"));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	/** Every data row's answer from the model's endpoint, 100 rows a request. */
	static List<JsonNode> predict(ApiClient user, String modelId, Path csv, int targetColumn) {
		List<List<String>> rows = read(csv);
		List<String> header = rows.getFirst();
		var answers = new ArrayList<JsonNode>();
		List<List<String>> data = rows.subList(1, rows.size());
		for (int from = 0; from < data.size(); from += 100) {
			var instances = new ArrayList<Map<String, Object>>();
			for (List<String> row : data.subList(from, Math.min(data.size(), from + 100))) {
				var instance = new LinkedHashMap<String, Object>();
				for (int j = 0; j < header.size(); j++) {
					if (j != targetColumn) {
						instance.put(header.get(j), Double.parseDouble(row.get(j)));
					}
				}
				instances.add(instance);
			}
			ApiClient.Response response = user.post("/api/v1/models/" + modelId + "/predict",
					Map.of("instances", instances));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			JsonNode body = response.json();
			// one node per row: {"prediction", "probabilities", "classes"}
			for (int k = 0; k < body.get("predictions").size(); k++) {
				ObjectNode row = JsonNodeFactory.instance.objectNode();
				row.set("prediction", body.get("predictions").get(k));
				if (body.has("probabilities")) {
					row.set("probabilities", body.get("probabilities").get(k));
					row.set("classes", body.get("classes"));
				}
				answers.add(row);
			}
		}
		return answers;
	}

	/** The confusion counts by actual, then predicted label. */
	static Map<String, Map<String, Long>> confusion(List<String> actual, List<String> predicted) {
		var counts = new TreeMap<String, Map<String, Long>>();
		for (int i = 0; i < actual.size(); i++) {
			counts.computeIfAbsent(actual.get(i), (k) -> new TreeMap<>()).merge(predicted.get(i), 1L, Long::sum);
		}
		return counts;
	}

	/**
	 * Macro F1 over every label that is actual or predicted somewhere (scikit-learn's).
	 */
	static double macroF1(List<String> actual, List<String> predicted) {
		var labels = new java.util.TreeSet<String>();
		labels.addAll(actual);
		labels.addAll(predicted);
		double sum = 0;
		for (String label : labels) {
			long tp = 0;
			long fp = 0;
			long fn = 0;
			for (int i = 0; i < actual.size(); i++) {
				boolean a = actual.get(i).equals(label);
				boolean p = predicted.get(i).equals(label);
				tp += (a && p) ? 1 : 0;
				fp += (!a && p) ? 1 : 0;
				fn += (a && !p) ? 1 : 0;
			}
			sum += (tp == 0) ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
		}
		return sum / labels.size();
	}

	/**
	 * An evaluation's confusion matrix as counts by actual, then predicted label (no
	 * zeros).
	 */
	static Map<String, Map<String, Long>> confusion(JsonNode matrix) {
		var counts = new TreeMap<String, Map<String, Long>>();
		JsonNode labels = matrix.get("labels");
		for (int a = 0; a < labels.size(); a++) {
			for (int p = 0; p < labels.size(); p++) {
				long count = matrix.get("matrix").get(a).get(p).asLong();
				if (count > 0) {
					counts.computeIfAbsent(labels.get(a).asString(), (k) -> new TreeMap<>())
						.put(labels.get(p).asString(), count);
				}
			}
		}
		return counts;
	}

}

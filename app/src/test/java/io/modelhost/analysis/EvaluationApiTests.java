package io.modelhost.analysis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.modelhost.analysis.Labelled.DIABETES;
import static io.modelhost.analysis.Labelled.IRIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Evaluations over real HTTP with the fixture models and datasets: every figure is
 * checked against what the test computes itself from the model's own /predict answers and
 * the CSV's labels.
 */
class EvaluationApiTests extends HttpTests {

	static final List<String> IRIS_FEATURES = List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)",
			"petal width (cm)");

	static final List<String> DIABETES_FEATURES = List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5",
			"s6");

	@Test
	void classifierFiguresAreThoseOfItsOwnPredictions() throws InterruptedException {
		ApiClient user = newUser();
		Path coded = Labelled.codedIris();
		String dataset = Labelled.upload(user, coded);
		for (String fixture : List.of("sklearn/iris_rf.joblib", "sklearn/iris_logreg_pipeline.pkl")) {
			String model = Labelled.model(user, fixture, IRIS_FEATURES).get("id").asString();
			ApiClient.Response submitted = user.post("/api/v1/models/" + model + "/evaluations",
					Map.of("dataset_id", dataset, "target", "species"));
			assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
			String id = submitted.json().get("id").asString();
			assertThat(submitted.header("Location")).isEqualTo("/api/v1/evaluations/" + id);
			JsonNode evaluation = await(user, "/api/v1/evaluations/" + id);

			List<List<String>> rows = Labelled.read(coded);
			List<JsonNode> answers = Labelled.predict(user, model, coded, 4);
			var actual = new ArrayList<String>();
			var predicted = new ArrayList<String>();
			double logLoss = 0;
			for (int i = 0; i < answers.size(); i++) {
				actual.add(rows.get(i + 1).get(4));
				predicted.add(answers.get(i).get("prediction").asString());
				JsonNode probabilities = answers.get(i).get("probabilities");
				double truth = probabilities.get(Integer.parseInt(actual.get(i))).asDouble();
				logLoss -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, truth)));
			}
			long correct = 0;
			for (int i = 0; i < actual.size(); i++) {
				correct += actual.get(i).equals(predicted.get(i)) ? 1 : 0;
			}
			assertThat(evaluation.get("rows").asLong()).isEqualTo(150);
			assertThat(evaluation.get("skipped_rows").asLong()).isZero();
			assertThat(evaluation.get("task").asString()).isEqualTo("classification");
			JsonNode metrics = evaluation.get("metrics");
			assertThat(metrics.get("accuracy").asDouble()).as(fixture).isCloseTo(correct / 150.0, within(1e-12));
			assertThat(metrics.get("f1_macro").asDouble()).as(fixture)
				.isCloseTo(Labelled.macroF1(actual, predicted), within(1e-12));
			assertThat(metrics.get("log_loss").asDouble()).as(fixture).isCloseTo(logLoss / 150, within(1e-9));
			assertThat(metrics.get("roc_auc").asDouble()).isBetween(0.5, 1.0);
			assertThat(Labelled.confusion(evaluation.get("confusion_matrix")))
				.isEqualTo(Labelled.confusion(actual, predicted));
			assertThat(evaluation.get("per_class")).extracting((c) -> c.get("support").asLong()).containsOnly(50L);

			// the errors: each misclassified row, the most confident first
			var wrong = new ArrayList<Long>();
			for (int i = 0; i < actual.size(); i++) {
				if (!actual.get(i).equals(predicted.get(i))) {
					wrong.add(i + 1L);
				}
			}
			JsonNode errors = evaluation.get("errors");
			assertThat(errors).extracting((e) -> e.get("row").asLong()).containsExactlyInAnyOrderElementsOf(wrong);
			double previous = 1.0;
			for (JsonNode error : errors) {
				int row = error.get("row").asInt();
				JsonNode answer = answers.get(row - 1);
				assertThat(error.get("actual").asString()).isEqualTo(actual.get(row - 1));
				assertThat(error.get("predicted").asString()).isEqualTo(predicted.get(row - 1));
				double confidence = answer.get("probabilities").get(answer.get("prediction").asInt()).asDouble();
				assertThat(error.get("confidence").asDouble()).isCloseTo(confidence, within(1e-12));
				assertThat(error.get("line").asLong()).isEqualTo(row + 1L);
				assertThat(confidence).isLessThanOrEqualTo(previous);
				previous = confidence;
			}
			if (fixture.contains("logreg")) {
				assertThat(wrong).as("the pipeline makes a few mistakes on iris, so the errors are tested")
					.isNotEmpty();
			}
		}
	}

	@Test
	void regressorFiguresAreThoseOfItsOwnPredictions() throws InterruptedException {
		ApiClient user = newUser();
		String dataset = Labelled.upload(user, DIABETES);
		String model = Labelled.model(user, "sklearn/diabetes_gbr.joblib", DIABETES_FEATURES).get("id").asString();
		ApiClient.Response submitted = user.post("/api/v1/models/" + model + "/evaluations",
				Map.of("dataset_id", dataset, "target", "progression"));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		JsonNode evaluation = await(user, submitted.header("Location"));

		List<List<String>> rows = Labelled.read(DIABETES);
		List<JsonNode> answers = Labelled.predict(user, model, DIABETES, 10);
		int n = answers.size();
		double mean = 0;
		for (int i = 0; i < n; i++) {
			mean += Double.parseDouble(rows.get(i + 1).get(10)) / n;
		}
		double squares = 0;
		double absolute = 0;
		double total = 0;
		double residualSum = 0;
		for (int i = 0; i < n; i++) {
			double actual = Double.parseDouble(rows.get(i + 1).get(10));
			double residual = actual - answers.get(i).get("prediction").asDouble();
			squares += residual * residual;
			absolute += Math.abs(residual);
			total += (actual - mean) * (actual - mean);
			residualSum += residual;
		}
		assertThat(evaluation.get("rows").asLong()).isEqualTo(n);
		assertThat(evaluation.get("task").asString()).isEqualTo("regression");
		JsonNode metrics = evaluation.get("metrics");
		assertThat(metrics.get("r2").asDouble()).isCloseTo(1 - squares / total, within(1e-9));
		assertThat(metrics.get("rmse").asDouble()).isCloseTo(Math.sqrt(squares / n), within(1e-9));
		assertThat(metrics.get("mae").asDouble()).isCloseTo(absolute / n, within(1e-9));
		assertThat(metrics.has("accuracy")).isFalse();
		JsonNode residuals = evaluation.get("residuals");
		assertThat(residuals.get("mean").asDouble()).isCloseTo(residualSum / n, within(1e-9));
		assertThat(residuals.get("histogram").get("counts").valueStream().mapToLong(JsonNode::asLong).sum())
			.isEqualTo(n);
		assertThat(residuals.get("histogram").get("edges"))
			.hasSize(residuals.get("histogram").get("counts").size() + 1);
		assertThat(residuals.get("percentiles").get("p50").asDouble()).isBetween(residuals.get("min").asDouble(),
				residuals.get("max").asDouble());
		assertThat(evaluation.get("errors")).hasSize(50);
		assertThat(evaluation.has("confusion_matrix")).isFalse();

		JsonNode listed = user.get("/api/v1/models/" + model + "/evaluations").json();
		assertThat(listed.get("total").asLong()).isEqualTo(1);
		assertThat(listed.get("items").get(0).get("metrics")).isEqualTo(metrics);
	}

	@Test
	void aModelTrainedHereIsEvaluatedOnItsTrainingTargetByDefault() throws InterruptedException {
		ApiClient user = newUser();
		String dataset = Labelled.upload(user, DIABETES);
		ApiClient.Response training = user.post("/api/v1/training-jobs", Map.of("dataset_id", dataset, "target",
				"progression", "model_name", "trained", "time_budget_s", 5, "folds", 2));
		assertThat(training.status()).as(training.toString()).isEqualTo(202);
		String model = await(user, "/api/v1/training-jobs/" + training.json().get("id").asString()).get("model_id")
			.asString();
		ApiClient.Response submitted = user.post("/api/v1/models/" + model + "/evaluations",
				Map.of("dataset_id", dataset));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		assertThat(submitted.json().get("target").asString()).isEqualTo("progression");
		JsonNode evaluation = await(user, submitted.header("Location"));
		List<List<String>> rows = Labelled.read(DIABETES);
		List<JsonNode> answers = Labelled.predict(user, model, DIABETES, 10);
		double squares = 0;
		for (int i = 0; i < answers.size(); i++) {
			double residual = Double.parseDouble(rows.get(i + 1).get(10)) - answers.get(i).get("prediction").asDouble();
			squares += residual * residual;
		}
		assertThat(evaluation.get("rows").asLong()).isEqualTo(answers.size());
		assertThat(evaluation.get("metrics").get("rmse").asDouble()).isCloseTo(Math.sqrt(squares / answers.size()),
				within(1e-9));
	}

	@Test
	void refusesADatasetWithoutTheModelsFeaturesOrTarget() {
		ApiClient user = newUser();
		String iris = Labelled.model(user, "sklearn/iris_rf.joblib", IRIS_FEATURES).get("id").asString();
		String diabetes = Labelled.upload(user, DIABETES);
		ApiClient.Response missing = user.post("/api/v1/models/" + iris + "/evaluations",
				Map.of("dataset_id", diabetes, "target", "progression"));
		assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
		assertThat(missing.json().get("type").asString()).endsWith("/invalid-analysis-request");
		assertThat(missing.json().get("missingFeatures")).extracting(JsonNode::asString)
			.containsExactlyElementsOf(IRIS_FEATURES);
		assertThat(missing.json().get("errors").findValuesAsString("pointer")).containsExactly("/dataset_id");
		assertThat(missing.json().get("detail").asString()).contains("petal width (cm)");

		String species = Labelled.upload(user, IRIS);
		// an uploaded model has no training target to default to
		assertThat(pointers(user, iris, Map.of("dataset_id", species))).containsExactly("/target");
		assertThat(pointers(user, iris, Map.of("dataset_id", species, "target", "colour"))).containsExactly("/target");
		// the fixture forest answers 0, 1, 2: the species' names are none of them
		ApiClient.Response names = user.post("/api/v1/models/" + iris + "/evaluations",
				Map.of("dataset_id", species, "target", "species"));
		assertThat(names.status()).isEqualTo(400);
		assertThat(names.json().get("detail").asString()).contains("setosa").contains("predicts");
		assertThat(pointers(user, iris, Map.of("target", "species"))).containsExactly("/dataset_id");
		assertThat(user.post("/api/v1/models/" + iris + "/evaluations", Map.of("dataset_id", species, "colour", 1))
			.status()).isEqualTo(400);
		assertThat(user.get("/api/v1/models/" + iris + "/evaluations").json().get("total").asLong()).isZero();
	}

	@Test
	void rowsTheModelRefusesAreSkippedWithTheirReason() throws InterruptedException {
		ApiClient user = newUser();
		String model = Labelled.model(user, "sklearn/iris_rf.joblib", IRIS_FEATURES).get("id").asString();
		int[] row = { 0 };
		Path gaps = Labelled.rewrite(Labelled.codedIris(), "iris-gaps.csv", (cells) -> {
			row[0]++;
			if (row[0] == 3) {
				cells.set(2, ""); // a missing petal length
			}
			if (row[0] == 7) {
				cells.set(4, ""); // no species: nothing to measure against
			}
			return cells;
		});
		String dataset = Labelled.upload(user, gaps);
		ApiClient.Response submitted = user.post("/api/v1/models/" + model + "/evaluations",
				Map.of("dataset_id", dataset, "target", "species"));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		JsonNode evaluation = await(user, submitted.header("Location"));
		assertThat(evaluation.get("rows").asLong()).isEqualTo(148);
		assertThat(evaluation.get("skipped_rows").asLong()).isEqualTo(2);
		JsonNode skipped = evaluation.get("skipped");
		assertThat(skipped.get(0).get("row").asLong()).isEqualTo(3);
		assertThat(skipped.get(0).get("line").asLong()).isEqualTo(4);
		assertThat(skipped.get(0).get("reason").asString()).contains("petal length (cm)").contains("missing value");
		assertThat(skipped.get(1).get("row").asLong()).isEqualTo(7);
		assertThat(skipped.get(1).get("reason").asString()).contains("target");
		long counted = 0;
		for (JsonNode actual : evaluation.get("confusion_matrix").get("matrix")) {
			counted += actual.valueStream().mapToLong(JsonNode::asLong).sum();
		}
		assertThat(counted).isEqualTo(148);
	}

	private static List<String> pointers(ApiClient user, String model, Map<String, Object> order) {
		ApiClient.Response response = user.post("/api/v1/models/" + model + "/evaluations", order);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		return response.json().get("errors").findValuesAsString("pointer");
	}

	static JsonNode await(ApiClient user, String path) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		JsonNode job = user.get(path).json();
		while (!job.get("status").asString().equals("succeeded") && System.nanoTime() < deadline) {
			assertThat(job.get("status").asString()).as(job.toString()).isIn("queued", "running");
			Thread.sleep(100);
			job = user.get(path).json();
		}
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		return job;
	}

}

package io.modelhost.training;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.jobs.EventStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training over real HTTP on the fixture datasets: a classifier and a regressor trained,
 * registered and predicting through their endpoints by column name; the job's event
 * stream; cancelling; bad orders; nobody else sees a job, a report or a file.
 */
class TrainingApiTests extends HttpTests {

	private static final Path IRIS = Fixtures.root().resolve("datasets/iris.csv");

	private static final Path DIABETES = Fixtures.root().resolve("datasets/diabetes.csv");

	@Test
	void trainsAClassifierThatAnswersOriginalLabelsByColumnName() throws Exception {
		ApiClient user = newUser();
		String dataset = dataset(user, IRIS);
		ApiClient.Response submitted = user.post("/api/v1/training-jobs",
				Map.of("dataset_id", dataset, "target", "species", "model_name", "iris-trained", "time_budget_s", 10));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		String id = submitted.json().get("id").asString();
		assertThat(submitted.header("Location")).isEqualTo("/api/v1/training-jobs/" + id);
		assertThat(submitted.json().get("status").asString()).isEqualTo("queued");
		assertThat(submitted.json().get("task").asString()).isEqualTo("classification");
		assertThat(submitted.json().get("task_inferred").asBoolean()).isTrue();
		assertThat(submitted.json().get("metric").asString()).isEqualTo("accuracy");

		EventStream.Result stream = EventStream.open(user, "/api/v1/training-jobs/" + id + "/events", Map.of())
			.get(90, TimeUnit.SECONDS);
		assertThat(stream.status()).isEqualTo(200);
		assertThat(stream.names().getFirst()).isEqualTo("state");
		assertThat(stream.names().getLast()).as(stream.names().toString()).isEqualTo("done");
		assertThat(stream.names()).contains("progress", "candidate");
		JsonNode candidate = stream.events()
			.stream()
			.filter((e) -> e.name().equals("candidate"))
			.findFirst()
			.get()
			.data();
		assertThat(candidate.get("algorithm").asString()).isNotBlank();
		assertThat(candidate.get("cv_metrics").has("accuracy")).isTrue();

		JsonNode job = user.get("/api/v1/training-jobs/" + id).json();
		assertThat(job.get("status").asString()).isEqualTo("succeeded");
		assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
		JsonNode leaderboard = job.get("leaderboard");
		assertThat(leaderboard).isNotEmpty();
		assertThat(leaderboard.get(0).get("rank").asInt()).isEqualTo(1);
		assertThat(leaderboard.get(0).get("cv_metrics").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
		assertThat(job.get("best").get("algorithm").asString())
			.isEqualTo(leaderboard.get(0).get("algorithm").asString());
		assertThat(job.get("model_version").asInt()).isEqualTo(1);
		assertThat(Duration.between(java.time.Instant.parse(job.get("started_at").asString()),
				java.time.Instant.parse(job.get("finished_at").asString())))
			.isLessThan(Duration.ofSeconds(20));
		String modelId = job.get("model_id").asString();
		assertThat(job.get("endpoint_url").asString()).endsWith("/api/v1/models/" + modelId + "/predict");

		JsonNode model = user.get("/api/v1/models/" + modelId).json();
		assertThat(model.get("name").asString()).isEqualTo("iris-trained");
		assertThat(model.get("description").asString()).contains("iris", "species");

		var setosa = new LinkedHashMap<String, Object>();
		setosa.put("sepal length (cm)", 5.1);
		setosa.put("sepal width (cm)", 3.5);
		setosa.put("petal length (cm)", 1.4);
		setosa.put("petal width (cm)", 0.2);
		var virginica = new LinkedHashMap<String, Object>();
		virginica.put("sepal length (cm)", 6.7);
		virginica.put("sepal width (cm)", 3.0);
		virginica.put("petal length (cm)", 5.8);
		virginica.put("petal width (cm)", 2.2);
		ApiClient.Response predicted = user.post("/api/v1/models/" + modelId + "/predict",
				Map.of("instances", List.of(setosa, virginica)));
		assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
		assertThat(predicted.body()).contains("setosa", "virginica", "versicolor");
		JsonNode predictions = predicted.json().get("predictions");
		assertThat(predictions.get(0).toString()).contains("setosa");
		assertThat(predictions.get(1).toString()).contains("virginica");
		ApiClient.Response positional = user.post("/api/v1/models/" + modelId + "/predict",
				Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2))));
		assertThat(positional.status()).as(positional.toString()).isEqualTo(200);
		assertThat(positional.json().get("predictions").get(0).toString()).contains("setosa");

		JsonNode report = user.get("/api/v1/models/" + modelId + "/training").json();
		assertThat(report.get("dataset").get("id").asString()).isEqualTo(dataset);
		assertThat(report.get("target").asString()).isEqualTo("species");
		assertThat(report.get("task").asString()).isEqualTo("classification");
		assertThat(report.get("leaderboard").size()).isEqualTo(leaderboard.size());
		assertThat(report.get("cv_metrics").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
		assertThat(report.get("confusion_matrix").get("labels").toString()).contains("setosa", "versicolor",
				"virginica");
		long counted = 0;
		for (JsonNode row : report.get("confusion_matrix").get("counts")) {
			for (JsonNode cell : row) {
				counted += cell.asLong();
			}
		}
		assertThat(counted).isEqualTo(150);
		assertThat(report.get("feature_importance")).isNotEmpty();
		assertThat(report.get("model_version").asInt()).isEqualTo(1);
		// the endpoint's documentation sums the training up and says where the report is
		JsonNode docs = user.get("/api/v1/models/" + modelId + "/docs").json().get("training");
		assertThat(docs.get("target").asString()).isEqualTo("species");
		assertThat(docs.get("best").get("algorithm").asString())
			.isEqualTo(report.get("best").get("algorithm").asString());
		assertThat(docs.get("report_url").asString()).endsWith("/api/v1/models/" + modelId + "/training");

		ApiClient.Response file = user.get("/api/v1/models/" + modelId + "/versions/1/file");
		assertThat(file.status()).isEqualTo(200);
		assertThat(file.contentType()).startsWith("application/xml");
		assertThat(file.header("Content-Disposition")).startsWith("attachment").contains("iris-trained-v1.pmml");
		assertThat(file.body().stripLeading()).satisfiesAnyOf((body) -> assertThat(body).startsWith("<?xml"),
				(body) -> assertThat(body).startsWith("<PMML"));

		ApiClient stranger = newUser();
		for (String path : List.of("/api/v1/training-jobs/" + id, "/api/v1/models/" + modelId + "/training",
				"/api/v1/models/" + modelId + "/versions/1/file")) {
			assertThat(stranger.get(path).status()).as(path).isEqualTo(404);
		}
		assertThat(stranger.post("/api/v1/training-jobs/" + id + "/cancel", Map.of()).status()).isEqualTo(404);
		assertThat(EventStream.read(stranger, "/api/v1/training-jobs/" + id + "/events").status()).isEqualTo(404);
		assertThat(stranger.get("/api/v1/training-jobs").json().get("total").asLong()).isZero();

		ApiClient viewer = newUser();
		user.post("/api/v1/models/" + modelId + "/shares", Map.of("email", email(viewer), "permission", "view"));
		assertThat(viewer.get("/api/v1/models/" + modelId + "/training").status()).isEqualTo(200);
		assertThat(viewer.get("/api/v1/training-jobs/" + id).status()).isEqualTo(404);

		JsonNode mine = user.get("/api/v1/training-jobs").json();
		assertThat(mine.get("total").asLong()).isEqualTo(1);
		assertThat(mine.get("items").get(0).get("id").asString()).isEqualTo(id);
	}

	@Test
	void trainsARegressorAsTheNextVersionOfAModelOfThatName() throws Exception {
		ApiClient user = newUser();
		String dataset = dataset(user, DIABETES);
		JsonNode uploaded = upload(user, "sklearn/iris_rf.joblib", "progression");
		ApiClient.Response submitted = user.post("/api/v1/training-jobs", Map.of("dataset_id", dataset, "target",
				"progression", "model_name", "progression", "time_budget_s", 10, "folds", 3, "metric", "rmse"));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		assertThat(submitted.json().get("task").asString()).isEqualTo("regression");
		JsonNode job = await(user, submitted.json().get("id").asString(), "succeeded");

		assertThat(job.get("model_id").asString()).isEqualTo(uploaded.get("id").asString());
		assertThat(job.get("model_version").asInt()).isEqualTo(2);
		assertThat(job.get("leaderboard").get(0).get("cv_metrics").get("rmse").asDouble()).isBetween(40.0, 70.0);
		// a regressor is no replacement for a classifier: production stays until forced
		assertThat(job.get("incompatibilities").toString())
			.contains("the task changes from classification to regression");
		String modelId = job.get("model_id").asString();
		assertThat(user.get("/api/v1/models/" + modelId).json().get("version").asInt()).isEqualTo(1);
		assertThat(user.put("/api/v1/models/" + modelId + "/aliases/production", Map.of("version", 2, "force", true))
			.status()).isEqualTo(200);
		var row = new LinkedHashMap<String, Object>();
		for (String column : List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")) {
			row.put(column, 0.01);
		}
		ApiClient.Response predicted = user.post("/api/v1/models/" + modelId + "/predict",
				Map.of("instances", List.of(row)));
		assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
		assertThat(predicted.json().get("predictions").get(0).toString()).matches(".*\\d.*");

		JsonNode report = user.get("/api/v1/models/" + modelId + "/training").json();
		assertThat(report.get("task").asString()).isEqualTo("regression");
		assertThat(report.get("confusion_matrix").isNull()).isTrue();
		assertThat(report.get("folds").asInt()).isEqualTo(3);
		// version 1 was uploaded, not trained: once it serves again, its documentation
		// has no training
		assertThat(user.get("/api/v1/models/" + modelId + "/docs").json().has("training")).isTrue();
		assertThat(user.put("/api/v1/models/" + modelId + "/aliases/production", Map.of("version", 1, "force", true))
			.status()).isEqualTo(200);
		assertThat(user.get("/api/v1/models/" + modelId + "/docs").json().has("training")).isFalse();
		ApiClient.Response uploadedReport = user.get("/api/v1/models/" + modelId + "/training?version=1");
		assertThat(uploadedReport.status()).isEqualTo(404);
		assertThat(uploadedReport.json().get("type").asString()).endsWith("/training-report-not-found");
	}

	@Test
	void trainsOnCategoriesAndMissingValuesAndTakesThemByName(@TempDir Path dir) throws Exception {
		ApiClient user = newUser();
		var csv = new StringBuilder("colour,size,weight,outcome\n");
		String[] colours = { "red", "green", "blue" };
		for (int i = 0; i < 90; i++) {
			String colour = colours[i % 3];
			String size = (i % 7 == 0) ? "" : Integer.toString(i % 10);
			csv.append(colour)
				.append(',')
				.append(size)
				.append(',')
				.append(0.5 * (i % 13))
				.append(',')
				.append(colour.equals("red") ? "stop" : "go")
				.append('\n');
		}
		Path file = dir.resolve("signals.csv");
		Files.writeString(file, csv, StandardCharsets.UTF_8);
		String dataset = dataset(user, file);
		ApiClient.Response submitted = user.post("/api/v1/training-jobs", Map.of("dataset_id", dataset, "target",
				"outcome", "model_name", "signals", "time_budget_s", 5, "folds", 3));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		JsonNode job = await(user, submitted.json().get("id").asString(), "succeeded");
		String predict = "/api/v1/models/" + job.get("model_id").asString() + "/predict";

		var red = new LinkedHashMap<String, Object>();
		red.put("colour", "red");
		red.put("size", null);
		red.put("weight", 1.5);
		var blue = new LinkedHashMap<String, Object>(red);
		blue.put("colour", "blue");
		var purple = new LinkedHashMap<String, Object>(red);
		purple.put("colour", "purple");
		ApiClient.Response predicted = user.post(predict, Map.of("instances", List.of(red, blue, purple)));
		assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
		JsonNode predictions = predicted.json().get("predictions");
		assertThat(predictions.get(0).toString()).contains("stop");
		assertThat(predictions.get(1).toString()).contains("go");
		assertThat(predictions).hasSize(3);
		// whichever algorithm won, its PMML handles a missing value (a default child, an
		// imputed median, an all-zero one-hot), and its schema says so
		JsonNode schema = user.get("/api/v1/models/" + job.get("model_id").asString()).json().get("schema");
		assertThat(schema.get("features")).extracting((f) -> f.get("nullable").asBoolean()).containsOnly(true);
	}

	@Test
	void cancellingARunningJobRegistersNoModel() throws Exception {
		ApiClient user = newUser();
		String dataset = dataset(user, DIABETES);
		String id = user
			.post("/api/v1/training-jobs",
					Map.of("dataset_id", dataset, "target", "progression", "model_name", "never", "time_budget_s", 60))
			.json()
			.get("id")
			.asString();
		JsonNode running = await(user, id, "running");
		while (running.get("leaderboard").isEmpty() && running.get("status").asString().equals("running")) {
			Thread.sleep(50);
			running = user.get("/api/v1/training-jobs/" + id).json();
		}
		// the leaderboard fills in while the job runs
		assertThat(running.get("status").asString()).isEqualTo("running");
		assertThat(running.get("leaderboard").get(0).get("rank").asInt()).isEqualTo(1);
		assertThat(running.get("leaderboard").get(0).get("cv_metrics").has("rmse")).isTrue();
		long asked = System.nanoTime();
		ApiClient.Response cancel = user.post("/api/v1/training-jobs/" + id + "/cancel", Map.of());
		assertThat(cancel.status()).as(cancel.toString()).isIn(200, 202);
		JsonNode job = await(user, id, "cancelled");
		assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));
		assertThat(job.has("model_id")).isFalse();
		assertThat(user.get("/api/v1/models").body()).doesNotContain("\"never\"");
		assertThat(user.post("/api/v1/training-jobs/" + id + "/cancel", Map.of()).status()).isEqualTo(409);
	}

	@Test
	void refusesBadOrdersListingEveryProblemAndStoresNothing(@TempDir Path dir) throws Exception {
		ApiClient user = newUser();
		String iris = dataset(user, IRIS);
		Path constant = dir.resolve("constant.csv");
		Files.writeString(constant, "x,label\n1,a\n2,a\n3,a\n4,a\n", StandardCharsets.UTF_8);
		String single = dataset(user, constant);

		ApiClient.Response bad = user.post("/api/v1/training-jobs", Map.of("dataset_id", iris, "target", "colour",
				"model_name", "m", "time_budget_s", 1, "folds", 1, "exclude_columns", List.of("nothing")));
		assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
		assertThat(bad.contentType()).startsWith("application/problem+json");
		assertThat(bad.json().get("type").asString()).endsWith("/invalid-training-request");
		assertThat(bad.json().get("errors").findValuesAsString("pointer")).containsExactlyInAnyOrder("/time_budget_s",
				"/folds", "/exclude_columns/0", "/target");
		assertThat(bad.body()).contains("sepal length (cm)");

		assertThat(problem(user, Map.of("dataset_id", single, "target", "label", "model_name", "m")))
			.containsExactly("/target");
		assertThat(problem(user, Map.of("dataset_id", iris, "target", "species", "model_name", "m", "task",
				"classification", "metric", "rmse")))
			.containsExactly("/metric");
		assertThat(
				problem(user, Map.of("dataset_id", iris, "target", "species", "model_name", "m", "task", "regression")))
			.containsExactly("/task");
		assertThat(problem(user,
				Map.of("dataset_id", iris, "target", "species", "model_name", "m", "time_budget_s", 3601)))
			.containsExactly("/time_budget_s");
		assertThat(problem(user, Map.of("dataset_id", iris, "model_name", "m"))).containsExactly("/target");

		ApiClient.Response unknown = user.post("/api/v1/training-jobs",
				Map.of("dataset_id", UUID.randomUUID().toString(), "target", "species", "model_name", "m"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("type").asString()).endsWith("/dataset-not-found");
		ApiClient stranger = newUser();
		assertThat(stranger
			.post("/api/v1/training-jobs", Map.of("dataset_id", iris, "target", "species", "model_name", "m"))
			.status()).isEqualTo(404);
		assertThat(user.post("/api/v1/training-jobs", "{\"dataset_id\": \"" + iris + "\", \"colour\": 1}").status())
			.isEqualTo(400);
		assertThat(user.get("/api/v1/training-jobs").json().get("total").asLong()).isZero();
		assertThat(stranger.get("/api/v1/training-jobs").json().get("total").asLong()).isZero();
	}

	private List<String> problem(ApiClient user, Map<String, Object> order) {
		ApiClient.Response response = user.post("/api/v1/training-jobs", order);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		return response.json().get("errors").findValuesAsString("pointer");
	}

	private static String dataset(ApiClient user, Path file) {
		ApiClient.Response response = user.upload("/api/v1/datasets", file, null,
				Map.of("name", file.getFileName().toString().replace(".csv", "")));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private static JsonNode await(ApiClient user, String id, String status) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		JsonNode job = user.get("/api/v1/training-jobs/" + id).json();
		while (!job.get("status").asString().equals(status) && System.nanoTime() < deadline) {
			assertThat(job.get("status").asString()).as(job.toString()).isIn("queued", "running");
			Thread.sleep(100);
			job = user.get("/api/v1/training-jobs/" + id).json();
		}
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo(status);
		return job;
	}

	private static String email(ApiClient user) {
		return user.get("/api/v1/auth/me").json().get("email").asString();
	}

}

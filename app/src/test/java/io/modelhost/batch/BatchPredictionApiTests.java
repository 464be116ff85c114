package io.modelhost.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch predictions over real HTTP with the fixture iris forest: results equal the
 * prediction endpoint's row by row, in CSV and JSON lines; a generated file of 100,000
 * rows; refused rows reported per row; access as the endpoint's; cancelling.
 */
class BatchPredictionApiTests extends HttpTests {

	private static final Path IRIS = Fixtures.root().resolve("datasets/iris.csv");

	private static final String FEATURES = "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path temp;

	@Test
	void scoresADatasetAsThePredictionEndpointDoesRowByRow() throws Exception {
		ApiClient user = newUser();
		JsonNode model = iris(user, "iris");
		String dataset = dataset(user, IRIS);
		ApiClient.Response submitted = user.post(batchesOf(model), Map.of("dataset_id", dataset));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		String id = submitted.json().get("id").asString();
		assertThat(submitted.header("Location")).isEqualTo("/api/v1/batch-predictions/" + id);
		assertThat(submitted.json().get("model_version").asInt()).isEqualTo(1);
		assertThat(submitted.json().get("rows_total").asLong()).isEqualTo(150);

		JsonNode job = await(user, id, "succeeded");
		assertThat(job.get("rows_done").asLong()).isEqualTo(150);
		assertThat(job.get("rows_ok").asLong()).isEqualTo(150);
		assertThat(job.get("rows_failed").asLong()).isZero();
		assertThat(job.get("failures")).isEmpty();
		assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
		assertThat(job.get("result_url").asString()).endsWith("/api/v1/batch-predictions/" + id + "/result");
		assertThat(job.get("result_expires_at").asString()).isNotBlank();
		assertThat(job.get("rows_per_second").asLong()).isPositive();

		ApiClient.Response csv = user.get("/api/v1/batch-predictions/" + id + "/result");
		assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv");
		List<String> lines = csv.body().lines().toList();
		assertThat(lines.getFirst())
			.isEqualTo(FEATURES + ",species,prediction,probability_0,probability_1,probability_2,error");
		assertThat(lines).hasSize(151);
		List<String> irisLines = Files.readAllLines(IRIS);

		ApiClient.Response ndjson = user.with("Accept", "application/x-ndjson")
			.get("/api/v1/batch-predictions/" + id + "/result");
		assertThat(ndjson.status()).as(ndjson.toString()).isEqualTo(200);
		assertThat(ndjson.contentType()).startsWith("application/x-ndjson");
		List<String> objects = ndjson.body().lines().toList();
		assertThat(objects).hasSize(150);

		// the endpoint takes at most 100 rows a request in the tests
		for (int from = 0; from < 150; from += 75) {
			var inputs = new ArrayList<List<Double>>();
			for (int row = from; row < from + 75; row++) {
				String[] cells = irisLines.get(row + 1).split(",");
				inputs.add(List.of(Double.parseDouble(cells[0]), Double.parseDouble(cells[1]),
						Double.parseDouble(cells[2]), Double.parseDouble(cells[3])));
			}
			JsonNode predicted = user.post(predictPath(model), Map.of("inputs", inputs)).json();
			for (int i = 0; i < 75; i++) {
				int row = from + i;
				String[] result = lines.get(row + 1).split(",", -1);
				JsonNode probabilities = predicted.get("probabilities").get(i);
				assertThat(result[5]).as("row %d", row + 1).isEqualTo(predicted.get("predictions").get(i).asString());
				for (int c = 0; c < 3; c++) {
					assertThat(Double.parseDouble(result[6 + c])).isEqualTo(probabilities.get(c).asDouble());
				}
				assertThat(result[9]).isEmpty();
				assertThat(result[4]).isEqualTo(irisLines.get(row + 1).split(",")[4]);
				JsonNode object = JSON.readTree(objects.get(row));
				assertThat(object.get("row").asLong()).isEqualTo(row + 1);
				assertThat(object.get("prediction")).isEqualTo(predicted.get("predictions").get(i));
				assertThat(object.get("probabilities").get("2").asDouble()).isEqualTo(probabilities.get(2).asDouble());
				assertThat(object.get("error").isNull()).isTrue();
			}
		}

		JsonNode listed = user.get(batchesOf(model)).json();
		assertThat(listed.get("total").asLong()).isEqualTo(1);
		assertThat(listed.get("batch_predictions").get(0).get("id").asString()).isEqualTo(id);
		assertThat(user.get("/api/v1/jobs/" + id).json().get("kind").asString()).isEqualTo("batch-prediction");
	}

	@Test
	void scoresAHundredThousandRowUploadIntoAHundredThousandResultRows() throws Exception {
		ApiClient user = newUser();
		JsonNode model = iris(user, "iris");
		Path file = manyRows();
		ApiClient.Response submitted = user.upload(batchesOf(model), file, null, Map.of());
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		String id = submitted.json().get("id").asString();
		String dataset = submitted.json().get("dataset_id").asString();
		assertThat(user.get("/api/v1/datasets/" + dataset).json().get("rows").asLong()).isEqualTo(100_000);

		JsonNode job = await(user, id, "succeeded");
		assertThat(job.get("rows_ok").asLong()).isEqualTo(100_000);
		assertThat(job.get("rows_failed").asLong()).isZero();
		ApiClient.Response csv = user.get("/api/v1/batch-predictions/" + id + "/result");
		assertThat(csv.status()).isEqualTo(200);
		List<String> lines = csv.body().lines().toList();
		assertThat(lines).hasSize(100_001);
		assertThat(lines.getLast()).matches("\\d,\\d,\\d,\\d,[012],[0-9.E-]+,[0-9.E-]+,[0-9.E-]+,");
		assertThat(user.with("Accept", "application/x-ndjson")
			.get("/api/v1/batch-predictions/" + id + "/result")
			.body()
			.lines()
			.count()).isEqualTo(100_000);

		// one usage record per chunk of 1000 rows: the model's statistics count 100
		// requests
		String stats = "/api/v1/models/" + model.get("id").asString() + "/stats";
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (user.get(stats).json().get("total_requests").asLong() < 100 && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertThat(user.get(stats).json().get("total_requests").asLong()).isEqualTo(100);
		// and the rows they held
		assertThat(user.get(stats).json().get("total_rows").asLong()).isEqualTo(100_000);
		assertThat(user.get(stats).json().get("period_rows").asLong()).isEqualTo(100_000);
	}

	@Test
	void reportsRowsTheModelRefusesRowByRowWithoutFailingTheJob() throws Exception {
		ApiClient user = newUser();
		JsonNode model = iris(user, "iris");
		Path file = this.temp.resolve("bad.csv");
		Files.writeString(file, FEATURES + "\n5.1,3.5,1.4,0.2\nabc,3.0,1.4,0.2\n6.3,3.3,6.0,\n6.4,3.2,4.5,1.5\n",
				StandardCharsets.UTF_8);
		// what the endpoint says of a missing value decides what the batch must say
		ApiClient.Response missing = user.post(predictPath(model),
				Map.of("inputs", List.of(java.util.Arrays.asList(6.3, 3.3, 6.0, null))));
		boolean refusesMissing = missing.status() == 400;
		String id = user.upload(batchesOf(model), file, null, Map.of()).json().get("id").asString();

		JsonNode job = await(user, id, "succeeded");
		assertThat(job.get("rows_failed").asLong()).isEqualTo(refusesMissing ? 2 : 1);
		assertThat(job.get("rows_ok").asLong()).isEqualTo(refusesMissing ? 2 : 3);
		JsonNode first = job.get("failures").get(0);
		assertThat(first.get("row").asLong()).isEqualTo(2);
		assertThat(first.get("reason").asString())
			.isEqualTo("expected a number for feature 'sepal length (cm)' but got 'abc'");
		if (refusesMissing) {
			assertThat(job.get("failures").get(1).get("row").asLong()).isEqualTo(3);
			assertThat(job.get("failures").get(1).get("reason").asString()).contains("petal width (cm)");
		}
		List<String> lines = user.get("/api/v1/batch-predictions/" + id + "/result").body().lines().toList();
		assertThat(lines.get(2))
			.isEqualTo("abc,3.0,1.4,0.2,,,,,expected a number for feature 'sepal length (cm)' " + "but got 'abc'");
		assertThat(lines.get(1)).matches("5.1,3.5,1.4,0.2,0,.*,");
		assertThat(lines.get(4)).endsWith(",");
		JsonNode refused = JSON.readTree(user.with("Accept", "application/x-ndjson")
			.get("/api/v1/batch-predictions/" + id + "/result")
			.body()
			.lines()
			.toList()
			.get(1));
		assertThat(refused.get("row").asLong()).isEqualTo(2);
		assertThat(refused.get("prediction").isNull()).isTrue();
		assertThat(refused.get("error").asString()).startsWith("expected a number");

		// a dataset without a feature's column would have every row refused: the request
		// is, and the file sent with it is not kept
		Path narrow = this.temp.resolve("narrow.csv");
		Files.writeString(narrow, "sepal length (cm),sepal width (cm),petal length (cm)\n5.1,3.5,1.4\n6.0,3.0,4.0\n",
				StandardCharsets.UTF_8);
		long datasets = user.get("/api/v1/datasets").json().get("total").asLong();
		ApiClient.Response narrowBatch = user.upload(batchesOf(model), narrow, null, Map.of());
		assertThat(narrowBatch.status()).as(narrowBatch.toString()).isEqualTo(400);
		assertThat(narrowBatch.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/file");
		assertThat(narrowBatch.json().get("detail").asString()).contains("'petal width (cm)'");
		assertThat(user.get("/api/v1/datasets").json().get("total").asLong()).isEqualTo(datasets);
	}

	@Test
	void checksAccessAsThePredictionEndpointDoes() throws Exception {
		ApiClient owner = newUser();
		JsonNode model = iris(owner, "iris");
		JsonNode other = iris(owner, "other");
		String dataset = dataset(owner, IRIS);
		String id = owner.post(batchesOf(model), Map.of("dataset_id", dataset)).json().get("id").asString();
		await(owner, id, "succeeded");

		ApiClient stranger = newUser();
		for (String path : List.of("/api/v1/batch-predictions/" + id, "/api/v1/batch-predictions/" + id + "/result",
				batchesOf(model))) {
			ApiClient.Response response = stranger.get(path);
			assertThat(response.status()).as(path + " " + response).isEqualTo(404);
		}
		assertThat(stranger.post("/api/v1/batch-predictions/" + id + "/cancel", Map.of()).status()).isEqualTo(404);
		assertThat(stranger.post(batchesOf(model), Map.of("dataset_id", dataset)).status()).isEqualTo(404);
		JsonNode strangers = iris(stranger, "iris");
		ApiClient.Response foreignData = stranger.post(batchesOf(strangers), Map.of("dataset_id", dataset));
		assertThat(foreignData.status()).as(foreignData.toString()).isEqualTo(404);
		assertThat(foreignData.json().get("type").asString()).endsWith("/dataset-not-found");

		ApiClient.Response key = owner.post("/api/v1/api-keys",
				Map.of("name", "other only", "model_ids", List.of(other.get("id").asString())));
		ApiClient scoped = anonymous().withApiKey(key.json().get("key").asString());
		ApiClient.Response outOfScope = scoped.post(batchesOf(model), Map.of("dataset_id", dataset));
		assertThat(outOfScope.status()).as(outOfScope.toString()).isEqualTo(403);
		assertThat(outOfScope.json().get("type").asString()).endsWith("/model-out-of-scope");
		assertThat(scoped.get("/api/v1/batch-predictions/" + id).status()).isEqualTo(403);
		ApiClient.Response inScope = scoped.post(batchesOf(other), Map.of("dataset_id", dataset));
		assertThat(inScope.status()).as(inScope.toString()).isEqualTo(202);
		await(scoped, inScope.json().get("id").asString(), "succeeded");

		owner.patch("/api/v1/models/" + model.get("id").asString(), Map.of("status", "inactive"));
		ApiClient.Response inactive = owner.post(batchesOf(model), Map.of("dataset_id", dataset));
		assertThat(inactive.status()).as(inactive.toString()).isEqualTo(403);
		assertThat(inactive.json().get("type").asString()).endsWith("/model-inactive");
		ApiClient.Response noDataset = owner.post(batchesOf(other), Map.of());
		assertThat(noDataset.status()).isEqualTo(400);
		assertThat(noDataset.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/dataset_id");
	}

	@Test
	void cancellingDeletesThePartialResult() throws Exception {
		ApiClient user = newUser();
		JsonNode model = iris(user, "iris");
		// a user's jobs of a kind run one at a time: the second waits in the queue while
		// the first scores 100,000 rows
		String dataset = dataset(user, IRIS);
		String first = user.upload(batchesOf(model), manyRows(), null, Map.of()).json().get("id").asString();
		String second = user.post(batchesOf(model), Map.of("dataset_id", dataset)).json().get("id").asString();
		ApiClient.Response cancel = user.post("/api/v1/batch-predictions/" + second + "/cancel", Map.of());
		assertThat(cancel.status()).as(cancel.toString()).isIn(200, 202);
		JsonNode cancelled = await(user, second, "cancelled");
		assertThat(cancelled.has("result_url")).isFalse();
		ApiClient.Response result = user.get("/api/v1/batch-predictions/" + second + "/result");
		assertThat(result.status()).isEqualTo(409);
		assertThat(result.json().get("type").asString()).endsWith("/batch-result-not-ready");
		assertThat(user.post("/api/v1/batch-predictions/" + second + "/cancel", Map.of()).status()).isEqualTo(409);
		await(user, first, "succeeded");
	}

	/**
	 * The iris forest, fitted on a bare array, with its features named as the iris CSV's
	 * columns: a batch matches columns to features by name.
	 */
	private JsonNode iris(ApiClient user, String name) {
		String features = JSON.writeValueAsString(List.of(FEATURES.split(",")));
		ApiClient.Response created = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", name, "description", "iris forest", "features", features));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	/**
	 * 100,000 random iris-like rows, in single digits to stay under the tests' 1 MB
	 * limit.
	 */
	private Path manyRows() throws IOException {
		Path file = this.temp.resolve("many-" + System.nanoTime() + ".csv");
		var random = new Random(42);
		var text = new StringBuilder(FEATURES).append('\n');
		for (int i = 0; i < 100_000; i++) {
			text.append(4 + random.nextInt(4))
				.append(',')
				.append(2 + random.nextInt(3))
				.append(',')
				.append(1 + random.nextInt(6))
				.append(',')
				.append(random.nextInt(3))
				.append('\n');
		}
		Files.writeString(file, text, StandardCharsets.UTF_8);
		return file;
	}

	private static String batchesOf(JsonNode model) {
		return "/api/v1/models/" + model.get("id").asString() + "/batch-predictions";
	}

	private static String dataset(ApiClient user, Path file) {
		ApiClient.Response response = user.upload("/api/v1/datasets", file, null,
				Map.of("name", file.getFileName().toString()));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private static JsonNode await(ApiClient user, String id, String status) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		JsonNode job = user.get("/api/v1/batch-predictions/" + id).json();
		while (!job.get("status").asString().equals(status) && System.nanoTime() < deadline) {
			assertThat(job.get("status").asString()).as(job.toString()).isIn("queued", "running");
			Thread.sleep(50);
			job = user.get("/api/v1/batch-predictions/" + id).json();
		}
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo(status);
		return job;
	}

}

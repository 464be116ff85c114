package io.modelhost.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.datasets.DigitZips;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.jobs.EventStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Image training over real HTTP on the fixture digits: a zip uploaded as a dataset, a
 * classifier trained for a few epochs with its history live on the job and its event
 * stream, registered as an ONNX model whose endpoint classifies pictures; cancelling
 * mid-training; orders that mix tabular and image settings refused.
 */
class ImageTrainingApiTests extends HttpTests {

	private static final Path DIGITS = DigitZips.DIGITS;

	@Test
	void trainsADigitClassifierWhoseEndpointClassifiesPictures(@TempDir Path dir) throws Exception {
		ApiClient user = newUser();
		String dataset = digits(user, dir);
		ApiClient.Response submitted = user.post("/api/v1/training-jobs", Map.of("dataset_id", dataset, "model_name",
				"digits-trained", "epochs", 4, "augmentation", false, "seed", 7));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		JsonNode queued = submitted.json();
		assertThat(queued.get("kind").asString()).isEqualTo("images");
		assertThat(queued.get("settings").get("epochs").asInt()).isEqualTo(4);
		assertThat(queued.get("settings").get("validation_split").asDouble()).isEqualTo(0.1);
		assertThat(queued.get("settings").get("image_size").toString()).contains("28", "\"channels\":1");
		String id = queued.get("id").asString();

		EventStream.Result stream = EventStream.open(user, "/api/v1/training-jobs/" + id + "/events", Map.of())
			.get(170, TimeUnit.SECONDS);
		assertThat(stream.names().getLast()).as(stream.names().toString()).isEqualTo("done");
		List<JsonNode> epochs = stream.events()
			.stream()
			.filter((e) -> e.name().equals("epoch"))
			.map((e) -> e.data())
			.toList();
		assertThat(epochs).isNotEmpty();
		assertThat(epochs.getFirst().get("epoch").asInt()).isEqualTo(1);
		for (String field : List.of("train_loss", "train_accuracy", "val_loss", "val_accuracy", "seconds")) {
			assertThat(epochs.getFirst().get(field).isNumber()).as(field).isTrue();
		}

		JsonNode job = user.get("/api/v1/training-jobs/" + id).json();
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		assertThat(job.get("history").size()).isEqualTo(epochs.size()).isLessThanOrEqualTo(4);
		assertThat(job.get("best_epoch").asInt()).isBetween(1, epochs.size());
		assertThat(job.get("split").get("test").asInt()).isEqualTo(60);
		assertThat(job.get("test_metrics").get("accuracy").asDouble()).isGreaterThan(0.6);
		assertThat(job.get("classes")).hasSize(10);
		long tested = 0;
		for (JsonNode row : job.get("confusion_matrix").get("counts")) {
			for (JsonNode cell : row) {
				tested += cell.asLong();
			}
		}
		assertThat(tested).isEqualTo(60);
		String modelId = job.get("model_id").asString();

		// the endpoint takes pictures at once: the training declared their preprocessing
		byte[] seven = Files.readAllBytes(DIGITS.resolve("images/8.png"));
		ApiClient.Response raw = user.postRaw("/api/v1/models/" + modelId + "/predict", "image/png", seven);
		assertThat(raw.status()).as(raw.toString()).isEqualTo(200);
		assertThat(raw.json().get("classes")).hasSize(10);
		assertThat(raw.json().get("probabilities").get(0)).hasSize(10);
		ApiClient.Response base64 = user.post("/api/v1/models/" + modelId + "/predict",
				Map.of("images", List.of(Base64.getEncoder().encodeToString(seven))));
		assertThat(base64.status()).as(base64.toString()).isEqualTo(200);
		assertThat(base64.json().get("predictions")).isEqualTo(raw.json().get("predictions"));

		JsonNode report = user.get("/api/v1/models/" + modelId + "/training").json();
		assertThat(report.get("history")).isEqualTo(job.get("history"));
		assertThat(report.get("dataset").get("id").asString()).isEqualTo(dataset);
		assertThat(report.get("input").get("width").asInt()).isEqualTo(28);
		ApiClient.Response file = user.get("/api/v1/models/" + modelId + "/versions/1/file");
		assertThat(file.status()).isEqualTo(200);
		assertThat(file.header("Content-Disposition")).contains(".onnx");

		ApiClient stranger = newUser();
		assertThat(stranger.get("/api/v1/training-jobs/" + id).status()).isEqualTo(404);
		assertThat(stranger.get("/api/v1/models/" + modelId + "/training").status()).isEqualTo(404);
	}

	@Test
	void cancellingMidTrainingRegistersNoModel(@TempDir Path dir) throws Exception {
		ApiClient user = newUser();
		String dataset = digits(user, dir);
		String id = user
			.post("/api/v1/training-jobs",
					Map.of("dataset_id", dataset, "model_name", "never-images", "epochs", 200, "early_stopping", false))
			.json()
			.get("id")
			.asString();
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		JsonNode running = user.get("/api/v1/training-jobs/" + id).json();
		while (running.get("history").isEmpty() && System.nanoTime() < deadline) {
			assertThat(running.get("status").asString()).as(running.toString()).isIn("queued", "running");
			Thread.sleep(100);
			running = user.get("/api/v1/training-jobs/" + id).json();
		}
		// the history fills in while the job runs
		assertThat(running.get("history").get(0).get("epoch").asInt()).isEqualTo(1);
		long asked = System.nanoTime();
		assertThat(user.post("/api/v1/training-jobs/" + id + "/cancel", Map.of()).status()).isIn(200, 202);
		JsonNode job = user.get("/api/v1/training-jobs/" + id).json();
		while (!job.get("status").asString().equals("cancelled") && System.nanoTime() < deadline) {
			Thread.sleep(100);
			job = user.get("/api/v1/training-jobs/" + id).json();
		}
		assertThat(job.get("status").asString()).isEqualTo("cancelled");
		assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));
		assertThat(job.has("model_id")).isFalse();
		assertThat(user.get("/api/v1/models").body()).doesNotContain("never-images");
	}

	@Test
	void refusesSettingsOfTheOtherKindListingEveryProblem(@TempDir Path dir) throws Exception {
		ApiClient user = newUser();
		String dataset = digits(user, dir);
		ApiClient.Response bad = user.post("/api/v1/training-jobs",
				Map.of("dataset_id", dataset, "model_name", "m", "target", "label", "time_budget_s", 30, "epochs", 0,
						"loss", "hinge", "validation_split", 0.9, "image_size", 2000));
		assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
		assertThat(bad.json().get("errors").findValuesAsString("pointer")).containsExactlyInAnyOrder("/target",
				"/time_budget_s", "/epochs", "/loss", "/validation_split", "/image_size/width", "/image_size/height");
		assertThat(user
			.post("/api/v1/training-jobs", Map.of("dataset_id", dataset, "model_name", "m", "image_size", "big"))
			.status()).isEqualTo(400);

		ApiClient.Response iris = user.upload("/api/v1/datasets", Fixtures.root().resolve("datasets/iris.csv"), null,
				Map.of("name", "iris"));
		ApiClient.Response tabular = user.post("/api/v1/training-jobs", Map.of("dataset_id",
				iris.json().get("id").asString(), "target", "species", "model_name", "m", "epochs", 3));
		assertThat(tabular.status()).as(tabular.toString()).isEqualTo(400);
		assertThat(tabular.json().get("errors").findValuesAsString("pointer")).containsExactly("/epochs");
		assertThat(user.get("/api/v1/training-jobs").json().get("total").asLong()).isZero();
	}

	/** Uploads the fixture digits as a zip in the labels.txt layout. */
	static String digits(ApiClient user, Path dir) {
		Path zip = DigitZips.zip(dir, "digits.zip", DigitZips.numbered(""));
		ApiClient.Response response = user.upload("/api/v1/datasets", zip, null, Map.of("name", "digits"));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

}

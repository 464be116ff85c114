package io.modelhost.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.datasets.DigitZips;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An image model evaluated on a labelled image dataset over real HTTP: the fixture digits
 * CNN, its labels declared as the dataset's ("0".."9"), on the 600 fixture pictures. The
 * figures are checked against what the test computes from the model's own answers to the
 * same pictures sent to its prediction endpoint.
 */
class ImageEvaluationApiTests extends HttpTests {

	private static final String IMAGE_INPUT = "{\"width\": 8, \"height\": 8, \"channels\": 1, \"layout\": \"NCHW\", "
			+ "\"scale\": " + (1.0 / 240) + ", \"labels\": [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", "
			+ "\"8\", \"9\"]}";

	@TempDir
	Path temp;

	@Test
	void anImageModelsFiguresAreThoseOfItsOwnAnswersToTheSamePictures() throws InterruptedException {
		ApiClient user = newUser();
		Path zip = DigitZips.zip(this.temp, "digits.zip", DigitZips.numbered(""));
		ApiClient.Response dataset = user.upload("/api/v1/datasets", zip, null, Map.of("name", "digits"));
		assertThat(dataset.status()).as(dataset.toString()).isEqualTo(201);
		ApiClient.Response model = user.upload("/api/v1/models", Fixtures.model("onnx/digits_cnn.onnx"), null,
				Map.of("name", "digits", "description", "handwritten digits", "image_input", IMAGE_INPUT));
		assertThat(model.status()).as(model.toString()).isEqualTo(201);
		String modelId = model.json().get("id").asString();

		ApiClient.Response submitted = user.post("/api/v1/models/" + modelId + "/evaluations",
				Map.of("dataset_id", dataset.json().get("id").asString()));
		assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
		JsonNode evaluation = EvaluationApiTests.await(user,
				"/api/v1/evaluations/" + submitted.json().get("id").asString());

		// the same pictures through the endpoint, 50 to a request
		Map<Integer, String> labels = DigitZips.labels();
		var numbers = new ArrayList<>(labels.keySet());
		var actual = new ArrayList<String>();
		var predicted = new ArrayList<String>();
		for (int from = 0; from < numbers.size(); from += 50) {
			List<Integer> part = numbers.subList(from, Math.min(numbers.size(), from + 50));
			List<String> images = part.stream()
				.map((n) -> Base64.getEncoder().encodeToString(DigitZips.picture(n)))
				.toList();
			ApiClient.Response answer = user.post("/api/v1/models/" + modelId + "/predict", Map.of("images", images));
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			for (int k = 0; k < part.size(); k++) {
				actual.add(labels.get(part.get(k)));
				predicted.add(answer.json().get("predictions").get(k).asString());
			}
		}
		long correct = 0;
		for (int i = 0; i < actual.size(); i++) {
			correct += actual.get(i).equals(predicted.get(i)) ? 1 : 0;
		}
		assertThat(evaluation.get("rows").asLong()).isEqualTo(600);
		assertThat(evaluation.get("task").asString()).isEqualTo("classification");
		assertThat(evaluation.path("target").isMissingNode() || evaluation.get("target").isNull()).isTrue();
		assertThat(evaluation.get("metrics").get("accuracy").asDouble()).isCloseTo(correct / 600.0, within(1e-12));
		assertThat(evaluation.get("metrics").get("f1_macro").asDouble()).isCloseTo(Labelled.macroF1(actual, predicted),
				within(1e-12));
		assertThat(Labelled.confusion(evaluation.get("confusion_matrix")))
			.isEqualTo(Labelled.confusion(actual, predicted));
		long supports = 0;
		for (JsonNode perClass : evaluation.get("per_class")) {
			String label = perClass.get("label").asString();
			assertThat(perClass.get("support").asLong()).as(label)
				.isEqualTo(actual.stream().filter(label::equals).count());
			supports += perClass.get("support").asLong();
		}
		assertThat(supports).isEqualTo(600);
		// the errors name the pictures that were misread
		assertThat(evaluation.get("errors")).hasSize((int) Math.min(50, 600 - correct));
		for (JsonNode error : evaluation.get("errors")) {
			assertThat(error.get("actual").asString()).isNotEqualTo(error.get("predicted").asString());
		}
	}

}

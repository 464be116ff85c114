package io.modelhost.serving;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An uploaded ONNX image classifier takes PNG and JPEG pictures once its image input is
 * declared, and answers as the reference says it should.
 */
class ImagePredictionApiTests extends HttpTests {

	private ApiClient user;

	@BeforeEach
	void signUp() {
		this.user = newUser();
	}

	@Test
	void classifiesPngsSentRawAsMultipartPartsAndAsBase64LikeTheReference() {
		JsonNode model = uploadDigits(DigitPictures.IMAGE_INPUT);
		assertThat(model.get("image_input").get("width").asInt()).isEqualTo(8);
		List<byte[]> pngs = DigitPictures.pngs();
		List<String> expected = DigitPictures.expectedLabels();
		List<double[]> reference = DigitPictures.probabilities();

		ApiClient.Response raw = this.user.postRaw(predictPath(model), "image/png", pngs.get(0));
		assertThat(raw.status()).as(raw.toString()).isEqualTo(200);
		assertThat(raw.json().get("predictions").get(0).asString()).isEqualTo(expected.get(0));
		assertThat(raw.json().get("classes")).extracting(JsonNode::asString)
			.containsExactlyElementsOf(DigitPictures.LABELS);
		assertThat(raw.json().get("model_version").asInt()).isEqualTo(1);

		ApiClient.Response multipart = this.user.postRaw(predictPath(model), MULTIPART, multipart(pngs));
		assertThat(multipart.status()).as(multipart.toString()).isEqualTo(200);
		assertMatchesReference(multipart.json(), expected, reference);

		List<String> encoded = pngs.stream().map((png) -> Base64.getEncoder().encodeToString(png)).toList();
		ApiClient.Response json = this.user.post(predictPath(model), Map.of("images", encoded));
		assertThat(json.status()).as(json.toString()).isEqualTo(200);
		assertMatchesReference(json.json(), expected, reference);

		ApiClient.Response jpeg = this.user.postRaw(predictPath(model), "image/jpeg", DigitPictures.jpeg());
		assertThat(jpeg.status()).as(jpeg.toString()).isEqualTo(200);
		assertThat(jpeg.json().get("predictions")).hasSize(1);

		ApiClient.Response version = this.user
			.postRaw("/api/v1/models/" + model.get("id").asString() + "/versions/1/predict", "image/png", pngs.get(1));
		assertThat(version.json().get("predictions").get(0).asString()).isEqualTo(expected.get(1));
		// tensors still work as before
		ApiClient.Response tensors = this.user.post(predictPath(model),
				Map.of("inputs", List.of(Fixtures.reference(DigitPictures.MODEL).get("inputs").get(0))));
		assertThat(tensors.status()).isEqualTo(200);
		assertThat(tensors.json().get("predictions").get(0).get(0).asDouble()).isCloseTo(reference.get(0)[0],
				within(1e-5));
	}

	@Test
	void documentsThePictureFormsOfAnImageModel() {
		JsonNode model = uploadDigits(DigitPictures.IMAGE_INPUT);
		String id = model.get("id").asString();
		JsonNode docs = this.user.get("/api/v1/models/" + id + "/docs").json();
		assertThat(docs.get("image_input").get("channels").asInt()).isEqualTo(1);
		assertThat(docs.get("snippets").get("curl_image").asString()).contains("--data-binary @picture.png")
			.contains("image/png");
		// the documented example is a real picture the endpoint takes
		ApiClient.Response example = this.user.post(predictPath(model), docs.get("example_request_images"));
		assertThat(example.status()).as(example.toString()).isEqualTo(200);
		JsonNode operation = this.user.get("/v3/api-docs")
			.json()
			.get("paths")
			.get("/api/v1/models/" + id + "/predict")
			.get("post");
		assertThat(operation.get("requestBody").get("content").propertyNames()).contains("application/json",
				"image/png", "image/jpeg", "multipart/form-data");
		assertThat(operation.get("description").asString()).contains("PNG or JPEG").contains("8×8 grey");
		assertThat(operation.get("responses").has("415")).isTrue();
		JsonNode plain = upload(this.user, "sklearn/iris_rf.joblib");
		assertThat(this.user.get("/v3/api-docs")
			.json()
			.get("paths")
			.get("/api/v1/models/" + plain.get("id").asString() + "/predict")
			.get("post")
			.get("requestBody")
			.get("content")
			.has("image/png")).isFalse();
	}

	private static void assertMatchesReference(JsonNode body, List<String> expected, List<double[]> reference) {
		assertThat(body.get("predictions")).extracting(JsonNode::asString).containsExactlyElementsOf(expected);
		JsonNode probabilities = body.get("probabilities");
		assertThat(probabilities).hasSize(reference.size());
		for (int i = 0; i < reference.size(); i++) {
			for (int c = 0; c < 10; c++) {
				assertThat(probabilities.get(i).get(c).asDouble()).as("picture %d class %d", i, c)
					.isCloseTo(reference.get(i)[c], within(1e-5));
			}
		}
	}

	@Test
	void aModelWithoutImageInputSaysHowToDeclareItAndTakesPicturesOnceDeclaredByPatch() {
		JsonNode model = upload(this.user, DigitPictures.MODEL);
		String id = model.get("id").asString();
		byte[] png = DigitPictures.pngs().get(2);
		ApiClient.Response refused = this.user.postRaw(predictPath(model), "image/png", png);
		assertThat(refused.status()).isEqualTo(415);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).endsWith("/images-not-accepted");
		assertThat(refused.json().get("detail").asString()).contains("PATCH /api/v1/models/" + id)
			.contains("image_input");
		ApiClient.Response json = this.user.post(predictPath(model),
				Map.of("images", List.of(Base64.getEncoder().encodeToString(png))));
		assertThat(json.status()).isEqualTo(422);
		assertThat(json.json().get("type").asString()).endsWith("/images-not-accepted");

		ApiClient.Response patched = this.user.patch("/api/v1/models/" + id,
				"{\"image_input\": " + DigitPictures.IMAGE_INPUT + "}");
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().get("image_input").get("labels")).hasSize(10);
		assertThat(patched.json().get("name").asString()).isEqualTo(DigitPictures.MODEL);
		ApiClient.Response classified = this.user.postRaw(predictPath(model), "image/png", png);
		assertThat(classified.status()).as(classified.toString()).isEqualTo(200);
		assertThat(classified.json().get("predictions").get(0).asString())
			.isEqualTo(DigitPictures.expectedLabels().get(2));
		assertThat(
				this.user.get("/api/v1/models/" + id + "/versions/1").json().get("image_input").get("scale").asDouble())
			.isCloseTo(1.0 / 240, within(1e-12));

		// a version that does not exist, and a version without image_input
		assertThat(this.user.patch("/api/v1/models/" + id, "{\"image_input\": null, \"version\": 7}").status())
			.isEqualTo(404);
		ApiClient.Response versionAlone = this.user.patch("/api/v1/models/" + id, "{\"version\": 1}");
		assertThat(versionAlone.status()).isEqualTo(400);
		assertThat(versionAlone.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/version");

		ApiClient.Response removed = this.user.patch("/api/v1/models/" + id, "{\"image_input\": null}");
		assertThat(removed.status()).isEqualTo(200);
		assertThat(removed.json().path("image_input").isMissingNode()).isTrue();
		assertThat(this.user.postRaw(predictPath(model), "image/png", png).status()).isEqualTo(415);
	}

	@Test
	void refusesADeclarationThatDoesNotFitTheModelNamingTheFieldAndStoresNothing() {
		ApiClient.Response size = uploadDigitsResponse("{\"width\": 28, \"height\": 28, \"channels\": 1}");
		assertThat(size.status()).as(size.toString()).isEqualTo(400);
		assertThat(size.json().get("type").asString()).endsWith("/invalid-image-input");
		assertThat(pointers(size)).containsExactly("/image_input/height", "/image_input/width");
		assertThat(size.json().get("errors").get(0).get("detail").asString()).contains("[-1, 1, 8, 8]")
			.contains("must be 8");

		ApiClient.Response channels = uploadDigitsResponse("{\"width\": 8, \"height\": 8, \"channels\": 3}");
		assertThat(pointers(channels)).containsExactly("/image_input/channels");

		ApiClient.Response labels = uploadDigitsResponse(
				"{\"width\": 8, \"height\": 8, \"labels\": [\"cat\", \"dog\", \"bird\"]}");
		assertThat(pointers(labels)).containsExactly("/image_input/labels");
		assertThat(labels.json().get("detail").asString()).contains("10 classes").contains("3 labels");

		ApiClient.Response layout = uploadDigitsResponse("{\"width\": 8, \"height\": 8, \"layout\": \"NHWC\"}");
		assertThat(pointers(layout)).contains("/image_input/channels");

		ApiClient.Response malformed = uploadDigitsResponse("{\"width\": 8, \"height\": \"tall\", \"layout\": \"CHW\","
				+ " \"scale\": -1, \"std\": [0], \"output\": \"odds\", \"colour\": true}");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(pointers(malformed)).containsExactlyInAnyOrder("/image_input/colour", "/image_input/height",
				"/image_input/layout", "/image_input/scale", "/image_input/std/0", "/image_input/output");
		ApiClient.Response notJson = uploadDigitsResponse("{width: 8");
		assertThat(pointers(notJson)).containsExactly("/image_input");

		assertThat(this.user.get("/api/v1/models").json().get("total").asInt()).isZero();

		// the same checks when declared later
		JsonNode model = upload(this.user, DigitPictures.MODEL);
		ApiClient.Response patched = this.user.patch("/api/v1/models/" + model.get("id").asString(),
				"{\"image_input\": {\"width\": 8, \"height\": 16}}");
		assertThat(patched.status()).isEqualTo(400);
		assertThat(pointers(patched)).containsExactly("/image_input/height");
		assertThat(this.user.get("/api/v1/models/" + model.get("id").asString())
			.json()
			.path("image_input")
			.isMissingNode()).isTrue();

		// a tabular model takes no pictures
		JsonNode iris = upload(this.user, "sklearn/iris_rf.joblib");
		ApiClient.Response tabular = this.user.patch("/api/v1/models/" + iris.get("id").asString(),
				"{\"image_input\": {\"width\": 8, \"height\": 8}}");
		assertThat(tabular.status()).isEqualTo(400);
		assertThat(tabular.json().get("detail").asString()).contains("rows of named features");
	}

	@Test
	void refusesPicturesItCannotReadAndKeepsServing() {
		JsonNode model = uploadDigits(DigitPictures.IMAGE_INPUT);
		String path = predictPath(model);
		byte[] png = DigitPictures.pngs().get(0);

		ApiClient.Response text = this.user.postRaw(path, "image/png", "hello, I am a picture".getBytes());
		assertThat(text.status()).isEqualTo(415);
		assertThat(text.json().get("type").asString()).endsWith("/unsupported-picture");

		ApiClient.Response truncated = this.user.postRaw(path, "image/png", Arrays.copyOf(png, png.length / 2));
		assertThat(truncated.status()).as(truncated.toString()).isEqualTo(422);
		assertThat(truncated.json().get("type").asString()).endsWith("/unreadable-picture");

		ApiClient.Response bomb = this.user.postRaw(path, "image/png", DigitPictures.claimingSize(100_000, 100_000));
		assertThat(bomb.status()).isEqualTo(422);
		assertThat(bomb.json().get("detail").asString()).contains("100000×100000");

		ApiClient.Response oneBadPart = this.user.postRaw(path, MULTIPART,
				multipart(List.of(png, "not a picture".getBytes())));
		assertThat(oneBadPart.status()).isEqualTo(415);
		assertThat(oneBadPart.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/file/1");

		ApiClient.Response notBase64 = this.user.post(path, Map.of("images", List.of("@@@ not base64 @@@")));
		assertThat(notBase64.status()).isEqualTo(400);
		assertThat(notBase64.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/images/0");

		ApiClient.Response none = this.user.post(path, Map.of("images", List.of()));
		assertThat(none.status()).isEqualTo(400);

		var many = new ArrayList<String>();
		for (int i = 0; i < 65; i++) {
			many.add(Base64.getEncoder().encodeToString(png));
		}
		ApiClient.Response tooMany = this.user.post(path, Map.of("images", many));
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.json().get("errors").get(0).get("detail").asString()).contains("at most 64");

		ApiClient.Response gif = this.user.postRaw(path, "image/gif", png);
		assertThat(gif.status()).isEqualTo(415);

		ApiClient.Response fine = this.user.postRaw(path, "image/png", png);
		assertThat(fine.status()).isEqualTo(200);
	}

	private JsonNode uploadDigits(String imageInput) {
		ApiClient.Response response = uploadDigitsResponse(imageInput);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private ApiClient.Response uploadDigitsResponse(String imageInput) {
		return this.user.upload("/api/v1/models", Fixtures.model(DigitPictures.MODEL), null,
				Map.of("name", "digits", "description", "handwritten digits", "image_input", imageInput));
	}

	private static List<String> pointers(ApiClient.Response problem) {
		var pointers = new ArrayList<String>();
		problem.json().get("errors").forEach((error) -> pointers.add(error.get("pointer").asString()));
		return pointers;
	}

	private static final String BOUNDARY = "picture-boundary-" + UUID.randomUUID();

	private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

	private static byte[] multipart(List<byte[]> files) {
		var body = new ByteArrayOutputStream();
		for (int i = 0; i < files.size(); i++) {
			body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"digit" + i
					+ ".png\"\r\nContent-Type: image/png\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			body.writeBytes(files.get(i));
			body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

}

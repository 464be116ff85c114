package io.modelhost.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.serving.DigitPictures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ModelUploadApiTests extends HttpTests {

	@TempDir
	Path scratch;

	@ParameterizedTest
	@CsvSource({ "sklearn/iris_rf.joblib, sklearn, 1e-6", "sklearn/iris_logreg_pipeline.pkl, sklearn, 1e-6",
			"sklearn/diabetes_gbr.joblib, sklearn, 1e-6", "sklearn-extra/iris_tree_zlib.joblib, sklearn, 1e-6",
			"sklearn-extra/diabetes_linreg_lzma.joblib, sklearn, 1e-6", "onnx/iris_mlp.onnx, onnx, 1e-5",
			"onnx/digits_cnn.onnx, onnx, 1e-5", "keras/simple_sparse_xent_mlp_keras_2_model.h5, keras-h5, 1e-5",
			"keras/ReLU_0_model.h5, keras-h5, 1e-5", "keras/simple_lstm_tf_keras_2_model.h5, keras-h5, 1e-5",
			"keras-extra/conv2d_same_strided.h5, keras-h5, 1e-5", "torch/iris_mlp_torchscript.pt, torchscript, 1e-5" })
	void uploadedModelAnswersLikeItsTrainingLibrary(String fixture, String format, double tolerance) {
		ApiClient user = newUser();
		JsonNode model = upload(user, fixture);
		assertThat(model.get("format").asString()).isEqualTo(format);
		assertThat(model.get("status").asString()).isEqualTo("active");
		assertThat(model.get("version").asInt()).isEqualTo(1);
		assertThat(model.get("endpoint_url").asString()).isEqualTo(user.base() + predictPath(model));
		assertThat(model.get("docs_url").asString()).endsWith("/api/v1/models/" + model.get("id").asString() + "/docs");
		assertThat(model.get("file").get("sha256").asString()).isEqualTo(sha256(Fixtures.model(fixture)));
		assertThat(model.get("schema").get("kind").asString()).isIn("tabular", "tensor");
		assertThat(model.has("created_at")).isTrue();

		JsonNode reference = Fixtures.reference(fixture);
		ApiClient.Response response = apiKeyClient(user).post(predictPath(model),
				Map.of("inputs", reference.get("inputs")));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertMatches(response.json(), reference, tolerance);
		assertThat(response.json().get("model_id").asString()).isEqualTo(model.get("id").asString());
		assertThat(response.json().get("model_version").asInt()).isEqualTo(1);
		assertThat(response.json().get("latency_ms").isNumber()).isTrue();
	}

	@Test
	void acceptsNamedColumnsWithNullsForADataFrameModel() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn-extra/wine_columns.joblib");
		assertThat(model.get("schema").get("features")).extracting((f) -> f.get("name").asString())
			.containsExactly("alcohol", "malic_acid", "ash", "color_intensity", "region");
		JsonNode reference = Fixtures.reference("sklearn-extra/wine_columns.joblib");
		ApiClient.Response response = user.post(predictPath(model), Map.of("instances", reference.get("instances")));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertMatches(response.json(), reference, 1e-6);
	}

	@Test
	void detectsTheFormatFromTheBytesNotTheName() {
		ApiClient user = newUser();
		ApiClient.Response response = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"),
				"model.onnx", Map.of("name", "renamed", "description", "a joblib file called .onnx"));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		assertThat(response.json().get("format").asString()).isEqualTo("sklearn");
		assertThat(response.json().get("file").get("filename").asString()).isEqualTo("model.onnx");
	}

	@Test
	void refusesTheMaliciousPickleNamingItsImportAndKeepsNothing() {
		ApiClient user = newUser();
		Path canary = Path.of("/tmp/model-host-pwned");
		assertThat(canary).doesNotExist();
		ApiClient.Response response = user.upload("/api/v1/models", Fixtures.model("malicious/os_system.pkl"),
				"model.pkl", Map.of("name", "evil", "description", "runs a command when unpickled"));
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("type").asString()).endsWith("/unsafe-model");
		assertThat(problem.get("detail").asString()).contains("posix.system");
		assertThat(problem.get("offendingImports")).extracting(JsonNode::asString).containsExactly("posix.system");
		assertThat(problem.get("phase").asString()).isEqualTo("scan");
		assertThat(canary).doesNotExist();
		assertNothingStoredFor(user);
	}

	@Test
	void refusesAnUploadOverTheLimitWithTheLimitInTheMessage() throws IOException {
		ApiClient user = newUser();
		byte[] bytes = new byte[3 * 1024 * 1024];
		new Random(42).nextBytes(bytes);
		Path big = Files.write(this.scratch.resolve("big.onnx"), bytes);
		ApiClient.Response response = user.upload("/api/v1/models", big, null,
				Map.of("name", "big", "description", "too big"));
		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.json().get("type").asString()).endsWith("/upload-too-large");
		assertThat(response.json().get("detail").asString()).contains("2 MB");
		assertNothingStoredFor(user);
	}

	@ParameterizedTest
	@ValueSource(strings = { "torch/iris_mlp_state_dict.pth", "torch-extra/digits_cnn_whole_module.pth" })
	void refusesPyTorchFilesThatNeedTheirPythonCodeWithAHint(String fixture) {
		ApiClient user = newUser();
		ApiClient.Response response = user.upload("/api/v1/models", Fixtures.model(fixture), null,
				Map.of("name", "weights", "description", "weights only"));
		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.json().get("detail").asString()).containsAnyOf("state_dict", "torch.save");
		assertThat(response.json().get("hint").asString()).contains("torch.jit.save").contains("torch.onnx.export");
		assertNothingStoredFor(user);
	}

	@Test
	void servesATorchScriptModelWhoseInputsTheUploaderDeclared() {
		ApiClient user = newUser();
		String fixture = "torch-extra/digits_cnn_scripted.pt";
		// its first layer, a convolution, tells the rank and the channels; the size is
		// checked when it predicts
		ApiClient.Response undeclared = user.upload("/api/v1/models", Fixtures.model(fixture), null,
				Map.of("name", "cnn-undeclared", "description", "digits"));
		assertThat(undeclared.status()).as(undeclared.toString()).isEqualTo(201);
		assertThat(undeclared.json().get("schema").get("inputs").get(0).get("shape").toString())
			.isEqualTo("[-1,1,-1,-1]");
		ApiClient.Response wrongSize = user.post(predictPath(undeclared.json()),
				Map.of("inputs", List.of(List.of(List.of(List.of(0.0, 0.0), List.of(0.0, 0.0))))));
		assertThat(wrongSize.status()).as(wrongSize.toString()).isEqualTo(400);
		ApiClient.Response pictures = user.patch("/api/v1/models/" + undeclared.json().get("id").asString(),
				"{\"image_input\": " + DigitPictures.IMAGE_INPUT + "}");
		assertThat(pictures.status()).as(pictures.toString()).isEqualTo(200);
		ApiClient.Response classified = user.postRaw(predictPath(undeclared.json()), "image/png",
				DigitPictures.pngs().get(4));
		assertThat(classified.status()).as(classified.toString()).isEqualTo(200);
		assertThat(classified.json().get("predictions").get(0).asString())
			.isEqualTo(DigitPictures.expectedLabels().get(4));

		ApiClient.Response declared = user.upload("/api/v1/models", Fixtures.model(fixture), null,
				Map.of("name", "cnn", "description", "digits", "inputs",
						"[{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [-1, 1, 8, 8]}]"));
		assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
		JsonNode input = declared.json().get("schema").get("inputs").get(0);
		assertThat(input.get("name").asString()).isEqualTo("image");
		JsonNode reference = Fixtures.reference(fixture);
		ApiClient.Response predicted = user.post(predictPath(declared.json()),
				Map.of("inputs", reference.get("inputs")));
		assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
		assertMatches(predicted.json(), reference, 1e-5);
	}

	@Test
	void refusesInputDeclarationsThatAreMalformedOrContradictTheModel() {
		ApiClient user = newUser();
		ApiClient.Response malformed = user.upload("/api/v1/models", Fixtures.model("onnx/iris_mlp.onnx"), null,
				Map.of("name", "mlp", "description", "iris", "inputs", "[{\"name\": \"input\"}]"));
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/inputs");
		ApiClient.Response contradicting = user.upload("/api/v1/models", Fixtures.model("onnx/iris_mlp.onnx"), null,
				Map.of("name", "mlp", "description", "iris", "inputs",
						"[{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [-1, 5]}]"));
		assertThat(contradicting.status()).as(contradicting.toString()).isEqualTo(422);
		assertThat(contradicting.json().get("phase").asString()).isEqualTo("validate");
		assertNothingStoredFor(user);
	}

	@Test
	void refusesAnArchiveWithAPathTraversalEntryWith422() throws IOException {
		ApiClient user = newUser();
		Path evil = this.scratch.resolve("evil.pt");
		try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(evil))) {
			for (String entry : new String[] { "archive/constants.pkl", "archive/code/__torch__.py", "../../evil" }) {
				zip.putNextEntry(new java.util.zip.ZipEntry(entry));
				zip.write("x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		ApiClient.Response response = user.upload("/api/v1/models", evil, null,
				Map.of("name", "evil", "description", "escapes its folder"));
		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.json().get("phase").asString()).isEqualTo("scan");
		assertNothingStoredFor(user);
	}

	@Test
	void answersAKeras3ArchiveWith415AndAHint() throws IOException {
		ApiClient user = newUser();
		Path keras3 = this.scratch.resolve("model.keras");
		try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(keras3))) {
			for (String entry : new String[] { "metadata.json", "config.json", "model.weights.h5" }) {
				zip.putNextEntry(new java.util.zip.ZipEntry(entry));
				zip.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		ApiClient.Response response = user.upload("/api/v1/models", keras3, null,
				Map.of("name", "keras3", "description", "a Keras 3 archive"));
		assertThat(response.status()).as(response.toString()).isEqualTo(415);
		assertThat(response.json().get("hint").asString()).contains(".h5");
		assertNothingStoredFor(user);
	}

	@ParameterizedTest
	@ValueSource(strings = { "keras-extra/lambda_nested.h5", "keras-extra/lambda_in_time_distributed.h5" })
	void refusesAKerasModelWithALambdaLayerNamingIt(String fixture) {
		ApiClient user = newUser();
		ApiClient.Response response = user.upload("/api/v1/models", Fixtures.model(fixture), null,
				Map.of("name", "lambda", "description", "holds Python code"));
		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.json().get("type").asString()).endsWith("/unsafe-model");
		assertThat(response.json().get("offendingImports").get(0).asString()).startsWith("Lambda:");
		assertNothingStoredFor(user);
	}

	@Test
	void answersBytesThatAreNoModelWith415() throws IOException {
		ApiClient user = newUser();
		Path csv = Files.writeString(this.scratch.resolve("data.pkl"), "sepal_length,sepal_width\n5.1,3.5\n");
		ApiClient.Response response = user.upload("/api/v1/models", csv, null,
				Map.of("name", "csv", "description", "not a model"));
		assertThat(response.status()).as(response.toString()).isEqualTo(415);
		assertThat(response.json().get("hint").asString()).contains("ONNX");
	}

	@Test
	void answersATruncatedPickleWith422AndThePhase() throws IOException {
		ApiClient user = newUser();
		byte[] whole = Files.readAllBytes(Fixtures.model("sklearn/iris_logreg_pipeline.pkl"));
		Path truncated = Files.write(this.scratch.resolve("truncated.pkl"), Arrays.copyOf(whole, whole.length / 2));
		ApiClient.Response response = user.upload("/api/v1/models", truncated, null,
				Map.of("name", "broken", "description", "half a pickle"));
		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.json().get("type").asString()).endsWith("/invalid-model");
		assertThat(response.json().get("phase").asString()).isEqualTo("scan");
		assertThat(response.json().get("detail").asString()).doesNotContain(DATA_DIR.toString());
		assertNothingStoredFor(user);
	}

	@ParameterizedTest
	@ValueSource(strings = { "name", "description" })
	void requiresNameAndDescription(String missing) {
		ApiClient user = newUser();
		var fields = new java.util.HashMap<>(Map.of("name", "iris", "description", "flowers"));
		fields.remove(missing);
		ApiClient.Response response = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				fields);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/" + missing);
		assertNothingStoredFor(user);
	}

	@Test
	void requiresAFile() {
		ApiClient user = newUser();
		ApiClient.Response response = user.upload("/api/v1/models", null, null,
				Map.of("name", "iris", "description", "flowers"));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("'file'");
	}

	@Test
	void refusesUploadsWithoutAnAccessToken() {
		ApiClient.Response anonymous = anonymous().upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"),
				null, Map.of("name", "iris", "description", "flowers"));
		assertThat(anonymous.status()).isEqualTo(401);
		ApiClient withKey = apiKeyClient(newUser());
		ApiClient.Response keyed = withKey.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "iris", "description", "flowers"));
		assertThat(keyed.status()).isEqualTo(403);
		assertThat(keyed.contentType()).startsWith("application/problem+json");
	}

	@Test
	void storesTheFileUnderTheModelsIdWithItsChecksum() throws IOException {
		ApiClient user = newUser();
		JsonNode model = upload(user, "onnx/iris_mlp.onnx");
		Path directory = DATA_DIR.resolve("models").resolve(model.get("id").asString()).resolve("1");
		assertThat(directory.resolve("original")).hasSameBinaryContentAs(Fixtures.model("onnx/iris_mlp.onnx"));
		assertThat(sha256(directory.resolve("original"))).isEqualTo(model.get("file").get("sha256").asString());
	}

	@Test
	void reportsTheMemoryOfTheLoadedModel() {
		ApiClient user = newUser();
		JsonNode forest = upload(user, "sklearn/iris_rf.joblib").get("runtime");
		assertThat(forest.get("loaded").asBoolean()).isTrue();
		// 100 trees as PMML objects: tens of kilobytes at least, far from the whole heap
		assertThat(forest.get("heap_bytes").asLong()).isBetween(50_000L, 50_000_000L);
		assertThat(forest.get("load_ms").asLong()).isNotNegative();
		JsonNode onnx = upload(user, "onnx/iris_mlp.onnx").get("runtime");
		assertThat(onnx.get("loaded").asBoolean()).isTrue();
		assertThat(onnx.get("native_bytes").asLong()).isGreaterThanOrEqualTo(-1);
		assertThat(onnx.get("heap_bytes").asLong()).isPositive();
		// the Keras interpreter keeps the weights (217 KB in the file) on the heap, and
		// the
		// measure sees them; nothing of it is native
		JsonNode keras = upload(user, "keras-extra/batch_to_conv2d_tensorflow_2.h5").get("runtime");
		assertThat(keras.get("heap_bytes").asLong()).isBetween(200_000L, 5_000_000L);
		assertThat(keras.get("native_bytes").asLong()).isZero();
	}

	/** The user has no models, and no upload is left half-done on disk. */
	private void assertNothingStoredFor(ApiClient user) {
		assertThat(user.get("/api/v1/models").json().get("total").asLong()).isZero();
		try (Stream<Path> work = Files.list(DATA_DIR.resolve("tmp"))) {
			assertThat(work.filter((p) -> !p.getFileName().toString().equals("multipart"))).isEmpty();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void assertMatches(JsonNode response, JsonNode reference, double tolerance) {
		JsonNode expected = reference.has("outputs") ? reference.get("outputs") : reference.get("predictions");
		JsonNode actual = response.get("predictions");
		assertThat(actual.size()).isEqualTo(expected.size());
		assertClose(actual, expected, tolerance);
		if (reference.has("probabilities")) {
			assertClose(response.get("probabilities"), reference.get("probabilities"), tolerance);
			assertThat(response.get("classes").toString()).isEqualTo(reference.get("classes").toString());
		}
	}

	private static void assertClose(JsonNode actual, JsonNode expected, double tolerance) {
		if (expected.isArray()) {
			assertThat(actual.isArray()).as("%s is an array", actual).isTrue();
			assertThat(actual.size()).isEqualTo(expected.size());
			for (int i = 0; i < expected.size(); i++) {
				assertClose(actual.get(i), expected.get(i), tolerance);
			}
		}
		else if (expected.isNumber()) {
			assertThat(actual.asDouble()).isCloseTo(expected.asDouble(), within(tolerance));
		}
		else {
			assertThat(actual.asString()).isEqualTo(expected.asString());
		}
	}

	static String sha256(Path file) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}

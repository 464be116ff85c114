package io.modelhost.protocols;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.engine.testkit.Fixtures;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Triton's binary tensor data extension over real HTTP, with requests built byte for byte
 * as tritonclient.http builds them ({@link TritonRequest}), on the fixture models: the
 * answers must be the JSON path's, and every malformed framing a 400 with the protocol's
 * {@code error}.
 */
class BinaryTensorDataTests extends ProtocolTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final String OCTET = "application/octet-stream";

	private static final String HEADER_LENGTH = "Inference-Header-Content-Length";

	private ApiClient user;

	@BeforeEach
	void newUserForEachTest() {
		this.user = newUser();
	}

	@Test
	void answersTritonclientsDefaultRequestLikeTheJsonPath() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		JsonNode reference = Fixtures.reference("onnx/iris_mlp.onnx");
		float[] rows = floats(flatten(reference.get("inputs")));
		var request = new TritonRequest().id("42")
			.binaryInput("input", List.of(8, 4), "FP32", TritonRequest.fp32(rows))
			.output("probabilities", true);
		// json.dumps of what _get_inference_request builds, as Python 3 prints it
		assertThat(request.header()).isEqualTo("{\"id\": \"42\", \"inputs\": [{\"name\": \"input\", \"shape\": [8, 4], "
				+ "\"datatype\": \"FP32\", \"parameters\": {\"binary_data_size\": 128}}], \"outputs\": [{\"name\": "
				+ "\"probabilities\", \"parameters\": {\"binary_data\": true}}]}");

		Answer answer = post(apiKeyClient(this.user), "/v2/models/iris-mlp/infer", request);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.contentType()).isEqualTo("application/octet-stream");
		JsonNode header = answer.header();
		assertThat(header.get("id").asString()).isEqualTo("42");
		assertThat(header.get("model_name").asString()).isEqualTo("iris-mlp");
		JsonNode output = header.get("outputs").get(0);
		assertThat(output.toString()).isEqualTo("{\"name\":\"probabilities\",\"shape\":[8,3],\"datatype\":\"FP32\","
				+ "\"parameters\":{\"binary_data_size\":96}}");
		assertThat(answer.binary().remaining()).isEqualTo(96);

		JsonNode json = this.user.post("/v2/models/iris-mlp/infer", jsonRequest("input", List.of(8, 4), "FP32", rows))
			.json();
		assertThat(readFloats(answer.binary(), 24)).isEqualTo(floats(json.get("outputs").get(0).get("data")));
		assertClose(json.get("outputs").get(0).get("data"), reference.get("outputs"), 1e-5);
	}

	@Test
	void answersEveryOutputAsBinaryWhenNoneIsRequested() {
		JsonNode model = upload(this.user, "onnx/digits_cnn.onnx", "digits");
		JsonNode reference = Fixtures.reference("onnx/digits_cnn.onnx");
		float[] images = floats(flatten(reference.get("inputs")));
		var request = new TritonRequest().binaryInput("image", List.of(8, 1, 8, 8), "FP32", TritonRequest.fp32(images));
		assertThat(request.header()).endsWith("\"parameters\": {\"binary_data_output\": true}}");

		Answer answer = post(this.user, "/v2/models/" + model.get("id").asString() + "/versions/1/infer", request);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		JsonNode output = answer.header().get("outputs").get(0);
		assertThat(output.get("shape").toString()).isEqualTo("[8,10]");
		assertThat(output.has("data")).isFalse();
		assertThat(output.get("parameters").get("binary_data_size").asInt()).isEqualTo(320);
		assertThat(answer.header().get("id").asString()).isEqualTo(answer.headers().firstValue("X-Request-Id").get());

		JsonNode json = this.user
			.post("/v2/models/digits/infer", jsonRequest("image", List.of(8, 1, 8, 8), "FP32", images))
			.json();
		assertThat(readFloats(answer.binary(), 80)).isEqualTo(floats(json.get("outputs").get(0).get("data")));
	}

	@Test
	void readsOneBinaryTensorPerFeatureOfATabularModel() {
		upload(this.user, "sklearn/iris_rf.joblib", "iris-rf");
		JsonNode reference = Fixtures.reference("sklearn/iris_rf.joblib");
		var request = new TritonRequest();
		var jsonInputs = new ArrayList<Map<String, Object>>();
		for (int j = 0; j < 4; j++) {
			double[] column = new double[8];
			for (int i = 0; i < 8; i++) {
				column[i] = reference.get("inputs").get(i).get(j).asDouble();
			}
			request.binaryInput("x" + (j + 1), List.of(8), "FP64", TritonRequest.fp64(column));
			jsonInputs.add(Map.of("name", "x" + (j + 1), "shape", List.of(8), "datatype", "FP64", "data",
					Arrays.stream(column).boxed().toList()));
		}
		Answer answer = post(this.user, "/v2/models/iris-rf/infer", request);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		JsonNode outputs = answer.header().get("outputs");
		assertThat(outputs.get(0).get("name").asString()).isEqualTo("predict");
		assertThat(outputs.get(0).get("parameters").get("binary_data_size").asInt()).isEqualTo(64);
		assertThat(outputs.get(1).get("parameters").get("binary_data_size").asInt()).isEqualTo(192);
		ByteBuffer binary = answer.binary();
		long[] labels = new long[8];
		for (int i = 0; i < 8; i++) {
			labels[i] = binary.getLong();
		}
		double[] probabilities = new double[24];
		for (int i = 0; i < 24; i++) {
			probabilities[i] = binary.getDouble();
		}
		assertThat(binary.hasRemaining()).isFalse();
		JsonNode json = this.user.post("/v2/models/iris-rf/infer", Map.of("inputs", jsonInputs)).json();
		assertThat(labels).containsExactly(longs(json.get("outputs").get(0).get("data")))
			.containsExactly(longs(reference.get("predictions")));
		assertThat(probabilities).containsExactly(doubles(flatten(json.get("outputs").get(1).get("data"))));
	}

	@Test
	void readsBytesTensorsAndAnswersOnlyTheOutputsAskedAsBinary() {
		upload(this.user, "sklearn-extra/wine_columns.joblib", "wine");
		JsonNode reference = Fixtures.reference("sklearn-extra/wine_columns.joblib");
		var rows = new ArrayList<JsonNode>();
		var predictions = new ArrayList<JsonNode>();
		for (int i = 0; i < reference.get("instances").size(); i++) {
			if (!reference.get("instances").get(i).get("ash").isNull()) { // binary has no
																			// null
				rows.add(reference.get("instances").get(i));
				predictions.add(reference.get("predictions").get(i));
			}
		}
		var request = new TritonRequest();
		for (String feature : List.of("alcohol", "malic_acid", "ash", "color_intensity")) {
			request.binaryInput(feature, List.of(rows.size(), 1), "FP64",
					TritonRequest.fp64(rows.stream().mapToDouble((row) -> row.get(feature).asDouble()).toArray()));
		}
		request.binaryInput("region", List.of(rows.size(), 1), "BYTES",
				TritonRequest.bytes(rows.stream().map((row) -> row.get("region").asString()).toArray(String[]::new)));
		request.output("predict", true).output("predict_proba", false);

		Answer answer = post(this.user, "/v2/models/wine/infer", request);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		JsonNode predict = answer.header().get("outputs").get(0);
		JsonNode proba = answer.header().get("outputs").get(1);
		assertThat(predict.get("parameters").get("binary_data_size").asInt()).isEqualTo(8 * rows.size());
		assertThat(proba.has("parameters")).isFalse();
		assertThat(proba.get("data")).hasSize(3 * rows.size());
		ByteBuffer binary = answer.binary();
		for (JsonNode prediction : predictions) {
			assertThat(binary.getLong()).isEqualTo(prediction.asLong());
		}
		assertThat(binary.hasRemaining()).isFalse();
	}

	@Test
	void answersJsonWhenNoOutputIsAskedAsBinary() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		float[] row = { 5.1f, 3.5f, 1.4f, 0.2f };
		var request = new TritonRequest().binaryInput("input", List.of(1, 4), "FP32", TritonRequest.fp32(row))
			.output("probabilities", false);
		Answer answer = post(this.user, "/v2/models/iris-mlp/infer", request);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.contentType()).isEqualTo("application/json");
		assertThat(answer.headers().firstValue(HEADER_LENGTH)).isEmpty();
		JsonNode json = this.user.post("/v2/models/iris-mlp/infer", jsonRequest("input", List.of(1, 4), "FP32", row))
			.json();
		assertThat(answer.json().get("outputs")).isEqualTo(json.get("outputs"));
	}

	@Test
	void takesJsonInputsWithTheHeaderLengthAsTheCppClientSendsThem() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		// all inputs JSON: Content-Type application/json, the header length the whole
		// body
		var request = new TritonRequest().jsonInput("input", List.of(1, 4), "FP32", List.of(5.1, 3.5, 1.4, 0.2))
			.output("probabilities", true);
		byte[] body = request.body();
		assertThat(request.headerLength()).isEqualTo(body.length);
		Answer answer = send(this.user, "/v2/models/iris-mlp/infer", body, "application/json",
				String.valueOf(body.length));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.header().get("outputs").get(0).get("parameters").get("binary_data_size").asInt())
			.isEqualTo(12);
		// and the same request from a client that sends no content type
		assertThat(send(this.user, "/v2/models/iris-mlp/infer", body, null, String.valueOf(body.length)).status())
			.isEqualTo(200);
	}

	@Test
	void describesTheBinaryVariantInTheOpenApiDocumentAndItsHeadersFit() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		JsonNode document = this.user.get("/v3/api-docs").json();
		String infer = "/v2/models/{name}/infer";
		JsonNode operation = document.get("paths").get(infer).get("post");
		assertThat(operation.get("requestBody").get("content").has(OCTET)).isTrue();
		assertThat(operation.get("responses").get("200").get("content").has(OCTET)).isTrue();
		assertThat(operation.get("parameters")).extracting((parameter) -> parameter.get("name").asString())
			.contains(HEADER_LENGTH);
		assertThat(operation.get("description").asString()).contains(HEADER_LENGTH).contains("binary_data_size");

		var schemas = new OpenApiSchemaCheck(document);
		var request = new TritonRequest()
			.binaryInput("input", List.of(1, 4), "FP32", TritonRequest.fp32(5.1f, 3.5f, 1.4f, 0.2f))
			.output("probabilities", true);
		assertThat(schemas.problems(JSON.readTree(request.header()), schemas.request(infer, "post"))).isEmpty();
		Answer answer = post(this.user, "/v2/models/iris-mlp/infer", request);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(schemas.problems(answer.header(), schemas.response(infer, "post", "200"))).isEmpty();
		assertThat(document.get("paths").get("/v2").get("get").get("description").asString())
			.contains("binary_tensor_data");
	}

	@Test
	void readsABodyThatCurlLabelsAsAForm() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		// curl -d / --data-binary without -H 'Content-Type: ...'
		String form = "application/x-www-form-urlencoded";
		var request = new TritonRequest().binaryInput("input", List.of(2, 4), "FP32",
				TritonRequest.fp32(5.1f, 3.5f, 1.4f, 0.2f, 6.3f, 3.3f, 6.0f, 2.5f));
		Answer binary = send(this.user, "/v2/models/iris-mlp/infer", request.body(), form,
				String.valueOf(request.headerLength()));
		assertThat(binary.status()).as(binary.toString()).isEqualTo(200);
		String json = "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 4], \"datatype\": \"FP32\", "
				+ "\"data\": [5.1, 3.5, 1.4, 0.2]}]}";
		Answer text = send(this.user, "/v2/models/iris-mlp/infer?x=1", json.getBytes(StandardCharsets.UTF_8), form,
				null);
		assertThat(text.status()).as(text.toString()).isEqualTo(200);
		assertThat(text.json().get("outputs").get(0).get("data")).hasSize(3);
	}

	@Test
	void refusesMalformedFramingWithAnError() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		String path = "/v2/models/iris-mlp/infer";
		var good = new TritonRequest().binaryInput("input", List.of(2, 4), "FP32", TritonRequest.fp32(new float[8]));
		byte[] body = good.body();
		String length = String.valueOf(good.headerLength());

		Answer garbled = send(this.user, path, body, OCTET, "12abc");
		Answer negative = send(this.user, path, body, OCTET, "-5");
		Answer zero = send(this.user, path, body, OCTET, "0");
		Answer beyond = send(this.user, path, body, OCTET, String.valueOf(body.length + 1));
		Answer midJson = send(this.user, path, body, OCTET, String.valueOf(good.headerLength() - 3));
		Answer missing = send(this.user, path, body, OCTET, null);
		Answer truncated = send(this.user, path, Arrays.copyOf(body, body.length - 5), OCTET, length);
		Answer extra = send(this.user, path, concat(body, new byte[4]), OCTET, length);
		var mismatch = new TritonRequest().binaryInput("input", List.of(2, 4), "FP32", new byte[28]);
		var unknown = new TritonRequest().binaryInput("input", List.of(2, 4), "FP17", new byte[32]);
		var half = new TritonRequest().binaryInput("input", List.of(2, 4), "FP16", new byte[16]);
		var notANumber = new TritonRequest().binaryInput("input", List.of(1, 4), "FP32",
				TritonRequest.fp32(1, 2, 3, Float.NaN));
		var cutBytes = new TritonRequest().binaryInput("input", List.of(2), "BYTES",
				Arrays.copyOf(TritonRequest.bytes("north", "south"), 15));
		var both = new TritonRequest().jsonInput("input", List.of(1, 4), "FP32", List.of(1, 2, 3, 4));
		both.binaryInput("second", List.of(1), "FP32", TritonRequest.fp32(1));

		assertError(garbled, "Inference-Header-Content-Length must be the length", "'12abc'");
		assertError(negative, "Inference-Header-Content-Length must be the length", "'-5'");
		assertError(zero, "raw binary data without a JSON inference header are not supported");
		assertError(beyond, "Inference-Header-Content-Length is " + (body.length + 1) + " but the body has only "
				+ body.length + " bytes");
		assertError(midJson, "the request body is not valid JSON");
		assertError(missing, "the request body is not valid JSON");
		assertError(truncated, "binary_data_size is 32 but only 27 bytes of binary data are left for this input "
				+ "(at /inputs/0/parameters/binary_data_size)");
		assertError(extra, "the body has 36 bytes after the inference header but the inputs' binary_data_size add "
				+ "up to 32 (at /inputs)");
		assertError(post(this.user, path, mismatch), "shape [2, 4] of FP32 takes 32 bytes (8 elements of 4) but "
				+ "binary_data_size is 28 (at /inputs/0/parameters/binary_data_size)");
		assertError(post(this.user, path, unknown), "unknown datatype 'FP17' (at /inputs/0/datatype)");
		assertError(post(this.user, path, half), "datatype FP16 is not supported (at /inputs/0/datatype)");
		assertError(post(this.user, path, notANumber),
				"expected a finite number (FP32) but got NaN (at /inputs/0/data/3)");
		assertError(post(this.user, path, cutBytes),
				"BYTES element 1 says it has 5 bytes but binary_data_size " + "leaves 2 (at /inputs/0/data/1)");
		assertError(post(this.user, path, both), "unknown input 'second'");

		// binary data for an input that also has data, and binary data without the header
		String header = "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 4], \"datatype\": \"FP32\", "
				+ "\"data\": [1, 2, 3, 4], \"parameters\": {\"binary_data_size\": 16}}]}";
		byte[] twice = concat(header.getBytes(StandardCharsets.UTF_8), TritonRequest.fp32(1, 2, 3, 4));
		assertError(send(this.user, path, twice, OCTET, String.valueOf(header.length())),
				"carries its elements in \"data\" or as binary data");
		String binaryOnly = header.replace("\"data\": [1, 2, 3, 4], ", "");
		assertError(send(this.user, path, binaryOnly.getBytes(StandardCharsets.UTF_8), "application/json", null),
				"the body has no binary data after the inference header; binary inputs need the HTTP header "
						+ "Inference-Header-Content-Length");
	}

	@Test
	void refusesABinaryBodyOverTheRequestSizeLimit() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		// the tests' modelhost.serving.max-request-size is 256KB
		var request = new TritonRequest().binaryInput("input", List.of(20_000, 4), "FP32",
				TritonRequest.fp32(new float[80_000]));
		Answer answer = post(this.user, "/v2/models/iris-mlp/infer", request);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
		assertThat(answer.json().get("error").asString()).isNotBlank();
	}

	@Test
	void refusesABinaryRequestOutsideTheKeysScopeLikeAJsonOne() {
		JsonNode allowed = upload(this.user, "onnx/iris_mlp.onnx", "allowed");
		upload(this.user, "onnx/iris_mlp.onnx", "other");
		ApiClient.Response key = this.user.post("/api/v1/api-keys",
				Map.of("name", "one model", "model_ids", List.of(allowed.get("id").asString())));
		ApiClient scoped = anonymous().withApiKey(key.json().get("key").asString());
		var request = new TritonRequest().binaryInput("input", List.of(1, 4), "FP32",
				TritonRequest.fp32(5.1f, 3.5f, 1.4f, 0.2f));

		Answer outside = post(scoped, "/v2/models/other/infer", request);
		assertThat(outside.status()).as(outside.toString()).isEqualTo(403);
		assertThat(outside.contentType()).isEqualTo("application/json");
		assertThat(outside.json().get("error").asString()).contains("only with the models it was made for");
		assertThat(post(scoped, "/v2/models/allowed/infer", request).status()).isEqualTo(200);
		assertThat(post(anonymous(), "/v2/models/allowed/infer", request).status()).isEqualTo(401);
	}

	@Test
	void recordsUsageOfBinaryRequestsLikeJsonOnes() {
		JsonNode model = upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		var request = new TritonRequest().binaryInput("input", List.of(2, 4), "FP32", TritonRequest.fp32(new float[8]));
		var bad = new TritonRequest().binaryInput("input", List.of(2, 4), "FP32", new byte[31]);
		assertThat(post(this.user, "/v2/models/iris-mlp/infer", request).status()).isEqualTo(200);
		assertThat(post(this.user, "/v2/models/iris-mlp/infer", bad).status()).isEqualTo(400);
		List<Map<String, Object>> records = usage(model);
		assertThat(records).extracting((r) -> r.get("protocol")).containsExactly("v2", "v2");
		assertThat(records).extracting((r) -> r.get("status")).containsExactly(200, 400);
		assertThat(records).extracting((r) -> r.get("rows_count")).containsExactly(2, 0);
	}

	private static void assertError(Answer answer, String... parts) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.contentType()).isEqualTo("application/json");
		assertThat(answer.json().propertyNames()).containsExactly("error");
		assertThat(answer.json().get("error").asString()).contains(parts);
	}

	/** POSTs a request as tritonclient does: octet-stream with the header's length. */
	private static Answer post(ApiClient client, String path, TritonRequest request) {
		return send(client, path, request.body(), OCTET, String.valueOf(request.headerLength()));
	}

	private static Answer send(ApiClient client, String path, byte[] body, @Nullable String contentType,
			@Nullable String headerLength) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(client.base() + path))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		for (String credential : List.of("Authorization", "X-API-Key")) {
			if (client.header(credential) != null) {
				builder.header(credential, client.header(credential));
			}
		}
		if (contentType != null) {
			builder.header("Content-Type", contentType);
		}
		if (headerLength != null) {
			builder.header(HEADER_LENGTH, headerLength);
		}
		try {
			HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Answer(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> jsonRequest(String name, List<Integer> shape, String datatype, float[] data) {
		var elements = new ArrayList<Float>();
		for (float element : data) {
			elements.add(element);
		}
		var input = new LinkedHashMap<String, Object>();
		input.put("name", name);
		input.put("shape", shape);
		input.put("datatype", datatype);
		input.put("data", elements);
		return Map.of("inputs", List.of(input));
	}

	private static float[] readFloats(ByteBuffer binary, int count) {
		float[] values = new float[count];
		for (int i = 0; i < count; i++) {
			values[i] = binary.getFloat();
		}
		assertThat(binary.hasRemaining()).isFalse();
		return values;
	}

	private static float[] floats(JsonNode array) {
		return floats(flatten(array));
	}

	private static float[] floats(List<JsonNode> elements) {
		float[] values = new float[elements.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = (float) elements.get(i).asDouble();
		}
		return values;
	}

	private static double[] doubles(List<JsonNode> elements) {
		return elements.stream().mapToDouble(JsonNode::asDouble).toArray();
	}

	private static long[] longs(JsonNode array) {
		return flatten(array).stream().mapToLong(JsonNode::asLong).toArray();
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] all = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	/** An answer as bytes: a JSON answer, or a JSON header and binary data. */
	private record Answer(int status, HttpHeaders headers, byte[] body) {

		String contentType() {
			return this.headers.firstValue("Content-Type").orElse("");
		}

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** The JSON header of a binary answer. */
		JsonNode header() {
			return JSON.readTree(Arrays.copyOf(this.body, headerLength()));
		}

		/** The binary data after the header, little-endian. */
		ByteBuffer binary() {
			int start = headerLength();
			return ByteBuffer.wrap(this.body, start, this.body.length - start).slice().order(ByteOrder.LITTLE_ENDIAN);
		}

		private int headerLength() {
			String length = this.headers.firstValue(HEADER_LENGTH).orElse(null);
			assertThat(length).as("%s header of %s", HEADER_LENGTH, this).isNotNull();
			return Integer.parseInt(length);
		}

		@Override
		public String toString() {
			return this.status + " " + this.headers.map() + " "
					+ new String(this.body, 0, Math.min(this.body.length, 2000), StandardCharsets.UTF_8);
		}

	}

}

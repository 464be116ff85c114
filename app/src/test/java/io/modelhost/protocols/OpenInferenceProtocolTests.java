package io.modelhost.protocols;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class OpenInferenceProtocolTests extends ProtocolTests {

	private ApiClient user;

	@BeforeEach
	void newUserForEachTest() {
		this.user = newUser();
	}

	@Test
	void answersHealthWithoutCredentials() {
		ApiClient.Response live = anonymous().get("/v2/health/live");
		ApiClient.Response ready = anonymous().get("/v2/health/ready");
		assertThat(live.status()).isEqualTo(200);
		assertThat(live.json().get("live").asBoolean()).isTrue();
		assertThat(ready.status()).isEqualTo(200);
		assertThat(ready.json().get("ready").asBoolean()).isTrue();
	}

	@Test
	void describesTheServer() {
		ApiClient.Response response = apiKeyClient(this.user).get("/v2");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("name").asString()).isEqualTo("modelhost");
		assertThat(response.json().get("version").asString()).isNotBlank();
		assertThat(response.json().get("extensions")).extracting(JsonNode::asString)
			.containsExactly("binary_tensor_data");
		assertThat(anonymous().get("/v2").status()).isEqualTo(401);
	}

	@Test
	void describesATensorModelByNameAndById() {
		JsonNode model = upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		JsonNode byName = this.user.get("/v2/models/iris-mlp").json();
		ApiClient.Response byId = this.user.get("/v2/models/" + model.get("id").asString());
		assertThat(byId.status()).isEqualTo(200);
		assertThat(byName.get("name").asString()).isEqualTo("iris-mlp");
		assertThat(byName.get("versions")).extracting(JsonNode::asString).containsExactly("1");
		assertThat(byName.get("platform").asString()).isEqualTo("onnx_onnxv1");
		assertThat(byName.get("inputs").toString())
			.isEqualTo("[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,4]}]");
		assertThat(byName.get("outputs").toString())
			.isEqualTo("[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,3]}]");
		assertThat(byId.json().get("inputs")).isEqualTo(byName.get("inputs"));
		assertThat(this.user.get("/v2/models/iris-mlp/versions/1").json()).isEqualTo(byName);

		ApiClient.Response otherVersion = this.user.get("/v2/models/iris-mlp/versions/2");
		assertThat(otherVersion.status()).isEqualTo(404);
		assertThat(otherVersion.json().get("error").asString()).contains("no version 2");
	}

	@Test
	void describesATabularModelAsOneTensorPerFeature() {
		upload(this.user, "sklearn/iris_rf.joblib", "iris-rf");
		JsonNode metadata = this.user.get("/v2/models/iris-rf").json();
		assertThat(metadata.get("platform").asString()).isEqualTo("sklearn_pickle");
		assertThat(metadata.get("inputs")).extracting((input) -> input.get("name").asString())
			.containsExactly("x1", "x2", "x3", "x4");
		assertThat(metadata.get("inputs")).allSatisfy((input) -> {
			assertThat(input.get("datatype").asString()).isIn("FP32", "FP64");
			assertThat(input.get("shape").toString()).isEqualTo("[-1]");
		});
		assertThat(metadata.get("outputs").toString())
			.isEqualTo("[{\"name\":\"predict\",\"datatype\":\"INT64\",\"shape\":[-1]},"
					+ "{\"name\":\"predict_proba\",\"datatype\":\"FP64\",\"shape\":[-1,3]}]");
	}

	@Test
	void reportsModelReadiness() {
		upload(this.user, "sklearn/iris_rf.joblib", "iris-rf");
		ApiClient.Response ready = apiKeyClient(this.user).get("/v2/models/iris-rf/ready");
		assertThat(ready.status()).isEqualTo(200);
		assertThat(ready.json().toString()).isEqualTo("{\"name\":\"iris-rf\",\"ready\":true}");
		assertThat(this.user.get("/v2/models/iris-rf/versions/1/ready").status()).isEqualTo(200);
		ApiClient.Response unknown = this.user.get("/v2/models/nope/ready");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("error").asString()).isEqualTo("model 'nope' not found");
	}

	@Test
	void infersTheSpecificationsExampleOnIrisMlp() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		JsonNode reference = Fixtures.reference("onnx/iris_mlp.onnx");
		// required_api.md's example, with this model's input and output names and shapes
		var request = Map.of(
				"id", "42", "inputs", List.of(Map.of("name", "input", "shape", List.of(8, 4), "datatype", "FP32",
						"data", flatten(reference.get("inputs")))),
				"outputs", List.of(Map.of("name", "probabilities")));
		ApiClient.Response response = apiKeyClient(this.user).post("/v2/models/iris-mlp/infer", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("id").asString()).isEqualTo("42");
		assertThat(body.get("model_name").asString()).isEqualTo("iris-mlp");
		assertThat(body.get("model_version").asString()).isEqualTo("1");
		JsonNode output = body.get("outputs").get(0);
		assertThat(body.get("outputs")).hasSize(1);
		assertThat(output.get("name").asString()).isEqualTo("probabilities");
		assertThat(output.get("datatype").asString()).isEqualTo("FP32");
		assertThat(output.get("shape").toString()).isEqualTo("[8,3]");
		assertClose(output.get("data"), reference.get("outputs"), 1e-5);
	}

	@Test
	void acceptsNestedDataAndAddressesAModelByIdAndVersion() {
		JsonNode model = upload(this.user, "onnx/digits_cnn.onnx", "digits");
		JsonNode reference = Fixtures.reference("onnx/digits_cnn.onnx");
		var request = Map.of("inputs", List.of(Map.of("name", "image", "shape", List.of(8, 1, 8, 8), "datatype", "FP32",
				"data", reference.get("inputs"))));
		ApiClient.Response response = this.user.post("/v2/models/" + model.get("id").asString() + "/versions/1/infer",
				request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode output = response.json().get("outputs").get(0);
		assertThat(output.get("shape").toString()).isEqualTo("[8,10]");
		assertClose(output.get("data"), reference.get("outputs"), 1e-5);
		// without an id in the request, the response carries the request id
		assertThat(response.json().get("id").asString()).isEqualTo(response.header("X-Request-Id"));
	}

	@Test
	void infersATabularModelFromOneTensorPerFeature() {
		upload(this.user, "sklearn/iris_rf.joblib", "iris-rf");
		JsonNode reference = Fixtures.reference("sklearn/iris_rf.joblib");
		var inputs = new java.util.ArrayList<Map<String, Object>>();
		for (int j = 0; j < 4; j++) {
			var column = new java.util.ArrayList<Double>();
			for (JsonNode row : reference.get("inputs")) {
				column.add(row.get(j).asDouble());
			}
			inputs.add(Map.of("name", "x" + (j + 1), "shape", List.of(8), "datatype", "FP64", "data", column));
		}
		ApiClient.Response response = this.user.post("/v2/models/iris-rf/infer", Map.of("inputs", inputs));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode predict = response.json().get("outputs").get(0);
		JsonNode proba = response.json().get("outputs").get(1);
		assertThat(predict.get("name").asString()).isEqualTo("predict");
		assertThat(predict.get("datatype").asString()).isEqualTo("INT64");
		assertThat(predict.get("shape").toString()).isEqualTo("[8]");
		assertThat(predict.get("data")).isEqualTo(reference.get("predictions"));
		assertThat(proba.get("name").asString()).isEqualTo("predict_proba");
		assertThat(proba.get("shape").toString()).isEqualTo("[8,3]");
		assertClose(proba.get("data"), reference.get("probabilities"), 1e-9);
	}

	@Test
	void infersATabularModelFromOneTensorOfRowsAndSelectsOutputs() {
		upload(this.user, "sklearn/iris_rf.joblib", "iris-rf");
		JsonNode reference = Fixtures.reference("sklearn/iris_rf.joblib");
		var request = Map.of("inputs", List
			.of(Map.of("name", "input", "shape", List.of(8, 4), "datatype", "FP32", "data", reference.get("inputs"))),
				"outputs", List.of(Map.of("name", "predict")));
		ApiClient.Response response = this.user.post("/v2/models/iris-rf/infer", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("outputs")).hasSize(1);
		assertThat(response.json().get("outputs").get(0).get("data")).isEqualTo(reference.get("predictions"));
	}

	@Test
	void takesStringFeaturesAsBytesAndNullAsAMissingValue() {
		upload(this.user, "sklearn-extra/wine_columns.joblib", "wine");
		JsonNode reference = Fixtures.reference("sklearn-extra/wine_columns.joblib");
		JsonNode metadata = this.user.get("/v2/models/wine").json();
		var inputs = new java.util.ArrayList<Map<String, Object>>();
		for (JsonNode input : metadata.get("inputs")) {
			String name = input.get("name").asString();
			var column = new java.util.ArrayList<JsonNode>();
			reference.get("instances").forEach((instance) -> column.add(instance.get(name)));
			inputs.add(Map.of("name", name, "shape", List.of(column.size(), 1), "datatype",
					input.get("datatype").asString(), "data", column));
		}
		assertThat(metadata.get("inputs").get(4).get("datatype").asString()).isEqualTo("BYTES");
		ApiClient.Response response = this.user.post("/v2/models/wine/infer", Map.of("inputs", inputs));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("outputs").get(0).get("data")).isEqualTo(reference.get("predictions"));
	}

	@Test
	void refusesInputThatDoesNotFitWithAnError() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		String path = "/v2/models/iris-mlp/infer";
		ApiClient.Response datatype = this.user.post(path, input("input", List.of(1, 4), "FP64", List.of(1, 2, 3, 4)));
		ApiClient.Response count = this.user.post(path, input("input", List.of(2, 4), "FP32", List.of(1, 2, 3, 4)));
		ApiClient.Response shape = this.user.post(path, input("input", List.of(1, 3), "FP32", List.of(1, 2, 3)));
		ApiClient.Response unknown = this.user.post(path, input("petals", List.of(1, 4), "FP32", List.of(1, 2, 3, 4)));
		ApiClient.Response element = this.user.post(path,
				input("input", List.of(1, 4), "FP32", List.of(List.of(1, 2), List.of(3, "x"))));
		ApiClient.Response output = this.user.post(path, Map.of("inputs", List
			.of(Map.of("name", "input", "shape", List.of(1, 4), "datatype", "FP32", "data", List.of(1, 2, 3, 4))),
				"outputs", List.of(Map.of("name", "logits"))));
		ApiClient.Response unsupported = this.user.post(path,
				input("input", List.of(1, 4), "FP16", List.of(1, 2, 3, 4)));
		for (ApiClient.Response response : List.of(datatype, count, shape, unknown, element, output, unsupported)) {
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/json");
			assertThat(response.json().propertyNames()).containsExactly("error");
		}
		assertThat(datatype.json().get("error").asString()).contains("takes FP32 but the request says FP64");
		assertThat(count.json().get("error").asString()).contains("holds 8 elements but the data has 4");
		assertThat(shape.json().get("error").asString()).contains("[-1, 4]");
		assertThat(unknown.json().get("error").asString()).contains("unknown input 'petals'")
			.contains("missing input 'input'");
		assertThat(element.json().get("error").asString()).contains("(at /inputs/0/data/1/1)");
		assertThat(output.json().get("error").asString()).contains("unknown output 'logits'");
		assertThat(unsupported.json().get("error").asString()).contains("FP16 is not supported");
	}

	@Test
	void refusesMalformedBodiesAndUnknownModelsWithAnError() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		ApiClient.Response malformed = this.user.post("/v2/models/iris-mlp/infer", "{\"inputs\": [");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().get("error").asString()).startsWith("the request body is not valid JSON");
		ApiClient.Response noInputs = this.user.post("/v2/models/iris-mlp/infer", "{\"id\": 7}");
		assertThat(noInputs.status()).isEqualTo(400);
		assertThat(noInputs.json().get("error").asString()).contains("\"id\" must be a string")
			.contains("\"inputs\" must be a non-empty array");
		ApiClient.Response unknown = this.user.post("/v2/models/nope/infer",
				input("input", List.of(1, 4), "FP32", List.of(1, 2, 3, 4)));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("error").asString()).isEqualTo("model 'nope' not found");
		assertThat(this.user.get("/v2/models/nope").json().get("error").asString()).isEqualTo("model 'nope' not found");
		// another user's model does not exist for this one
		assertThat(newUser().get("/v2/models/iris-mlp").status()).isEqualTo(404);
	}

	@Test
	void authenticatesInferenceLikeTheRestOfTheApi() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		var request = input("input", List.of(1, 4), "FP32", List.of(5.1, 3.5, 1.4, 0.2));
		assertThat(anonymous().post("/v2/models/iris-mlp/infer", request).status()).isEqualTo(401);
		assertThat(anonymous().get("/v2/models/iris-mlp").status()).isEqualTo(401);
		assertThat(apiKeyClient(this.user).post("/v2/models/iris-mlp/infer", request).status()).isEqualTo(200);
	}

	@Test
	void recordsUsageUnderProtocolV2() {
		JsonNode model = upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		var request = input("input", List.of(2, 4), "FP32", List.of(5.1, 3.5, 1.4, 0.2, 6.3, 3.3, 6.0, 2.5));
		assertThat(apiKeyClient(this.user).post("/v2/models/iris-mlp/infer", request).status()).isEqualTo(200);
		assertThat(
				this.user.post("/v2/models/iris-mlp/infer", input("input", List.of(1, 4), "FP64", List.of(1, 2, 3, 4)))
					.status())
			.isEqualTo(400);
		this.user.get("/v2/models/iris-mlp"); // metadata is not a prediction
		List<Map<String, Object>> records = usage(model);
		assertThat(records).extracting((r) -> r.get("protocol")).containsExactly("v2", "v2");
		assertThat(records).extracting((r) -> r.get("status")).containsExactly(200, 400);
		assertThat(records).extracting((r) -> r.get("rows_count")).containsExactly(2, 0);
		assertThat(records.get(0).get("api_key_id")).isNotNull();
	}

	private static Map<String, Object> input(String name, List<Integer> shape, String datatype, List<?> data) {
		return Map.of("inputs", List.of(Map.of("name", name, "shape", shape, "datatype", datatype, "data", data)));
	}

}

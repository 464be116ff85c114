package io.modelhost.protocols;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class MlflowScoringTests extends ProtocolTests {

	private static final List<String> IRIS_COLUMNS = List.of("x1", "x2", "x3", "x4");

	private ApiClient user;

	@BeforeEach
	void newUserForEachTest() {
		this.user = newUser();
	}

	@Test
	void scoresIrisInEveryJsonFormatAndInCsv() {
		JsonNode model = upload(this.user, "sklearn/iris_rf.joblib", "iris");
		JsonNode reference = Fixtures.reference("sklearn/iris_rf.joblib");
		var rows = new ArrayList<List<Double>>();
		var records = new ArrayList<Map<String, Double>>();
		var columns = new LinkedHashMap<String, List<Double>>();
		IRIS_COLUMNS.forEach((column) -> columns.put(column, new ArrayList<>()));
		var csv = new StringBuilder("x4,x3,x2,x1,comment\n");
		for (JsonNode input : reference.get("inputs")) {
			var row = new ArrayList<Double>();
			var record = new LinkedHashMap<String, Double>();
			for (int j = 0; j < 4; j++) {
				row.add(input.get(j).asDouble());
				record.put(IRIS_COLUMNS.get(j), input.get(j).asDouble());
				columns.get(IRIS_COLUMNS.get(j)).add(input.get(j).asDouble());
			}
			rows.add(row);
			records.add(record);
			csv.append(row.get(3))
				.append(',')
				.append(row.get(2))
				.append(',')
				.append(row.get(1))
				.append(',')
				.append(row.get(0))
				.append(",\"ignored, as MLflow ignores extra columns\"\n");
		}
		String path = invocations(model);
		ApiClient keyed = apiKeyClient(this.user);
		List<ApiClient.Response> responses = List.of(
				keyed.post(path, Map.of("dataframe_split", Map.of("columns", IRIS_COLUMNS, "data", rows))),
				keyed.post(path, Map.of("dataframe_split", Map.of("data", rows))),
				keyed.post(path, Map.of("dataframe_records", records)),
				keyed.post(path, Map.of("instances", records, "params", Map.of("ignored", true))),
				keyed.post(path, Map.of("inputs", rows)), keyed.post(path, Map.of("inputs", columns)),
				keyed.postRaw(path, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
		for (ApiClient.Response response : responses) {
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.json().propertyNames()).containsExactly("predictions");
			assertThat(response.json().get("predictions")).isEqualTo(reference.get("predictions"));
		}
		assertThat(usage(model)).extracting((r) -> r.get("protocol")).containsOnly("mlflow").hasSize(7);
	}

	@Test
	void scoresNamedColumnsWithAStringColumnAndMissingValues() {
		JsonNode model = upload(this.user, "sklearn-extra/wine_columns.joblib", "wine");
		JsonNode reference = Fixtures.reference("sklearn-extra/wine_columns.joblib");
		List<String> columns = List.of("region", "alcohol", "malic_acid", "ash", "color_intensity");
		var data = new ArrayList<List<JsonNode>>();
		var csv = new StringBuilder(String.join(",", columns)).append("\r\n");
		for (JsonNode instance : reference.get("instances")) {
			var row = new ArrayList<JsonNode>();
			var cells = new ArrayList<String>();
			for (String column : columns) {
				row.add(instance.get(column));
				cells.add(instance.get(column).isNull() ? "" : instance.get(column).asString());
			}
			data.add(row);
			csv.append(String.join(",", cells)).append("\r\n");
		}
		String path = invocations(model);
		List<ApiClient.Response> responses = List.of(
				this.user.post(path, Map.of("dataframe_split", Map.of("columns", columns, "data", data))),
				this.user.post(path, Map.of("dataframe_records", reference.get("instances"))),
				this.user.post(path, Map.of("instances", reference.get("instances"))),
				this.user.postRaw(path, "text/csv; charset=utf-8", csv.toString().getBytes(StandardCharsets.UTF_8)));
		for (ApiClient.Response response : responses) {
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.json().get("predictions")).isEqualTo(reference.get("predictions"));
		}
	}

	@Test
	void scoresATensorModelWithInputs() {
		JsonNode model = upload(this.user, "onnx/iris_mlp.onnx", "mlp");
		JsonNode reference = Fixtures.reference("onnx/iris_mlp.onnx");
		ApiClient.Response inputs = this.user.post(invocations(model), Map.of("inputs", reference.get("inputs")));
		ApiClient.Response split = this.user.post(invocations(model), Map.of("dataframe_split",
				Map.of("columns", List.of("a", "b", "c", "d"), "data", reference.get("inputs"))));
		assertThat(inputs.status()).as(inputs.toString()).isEqualTo(200);
		assertClose(inputs.json().get("predictions"), reference.get("outputs"), 1e-5);
		assertThat(split.json()).isEqualTo(inputs.json());
	}

	@Test
	void answersErrorsAsMlflowDoes() {
		JsonNode model = upload(this.user, "sklearn-extra/wine_columns.joblib", "wine");
		String path = invocations(model);
		ApiClient.Response both = this.user.post(path, Map.of("instances", List.of(), "inputs", List.of()));
		ApiClient.Response missing = this.user.post(path, Map.of("dataframe_split",
				Map.of("columns", List.of("alcohol", "region"), "data", List.of(List.of(13.2, "north")))));
		ApiClient.Response wrongType = this.user.postRaw(path, "text/csv",
				"alcohol,malic_acid,ash,color_intensity,region\n13.2,lots,2.4,4.4,north\n"
					.getBytes(StandardCharsets.UTF_8));
		for (ApiClient.Response response : List.of(both, missing, wrongType)) {
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.json().propertyNames()).containsExactly("error_code", "message");
			assertThat(response.json().get("error_code").asString()).isEqualTo("BAD_REQUEST");
		}
		assertThat(both.json().get("message").asString()).contains("exactly one of the input fields");
		assertThat(missing.json().get("message").asString()).contains("missing feature 'malic_acid'")
			.contains("(at /dataframe_split/data/0)");
		assertThat(wrongType.json().get("message").asString()).contains("expected a number for feature 'malic_acid'")
			.contains("(at line 2, column 'malic_acid')");

		ApiClient.Response text = this.user.postRaw(path, "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
		assertThat(text.status()).isEqualTo(415);
		assertThat(text.json().get("error_code").asString()).isEqualTo("BAD_REQUEST");
		ApiClient.Response unknown = this.user.post("/api/v1/models/00000000-0000-0000-0000-000000000000/invocations",
				Map.of("inputs", List.of()));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("error_code").asString()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
		ApiClient.Response malformed = this.user.post(path, "{\"inputs\": ");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().get("message").asString()).startsWith("the request body is not valid JSON");
	}

	private static String invocations(JsonNode model) {
		return "/api/v1/models/" + model.get("id").asString() + "/invocations";
	}

}

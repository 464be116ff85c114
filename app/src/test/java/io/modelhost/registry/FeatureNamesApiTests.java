package io.modelhost.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feature names and an input example given at upload, as MLflow's signature and
 * input_example: over real HTTP with the iris forest, fitted on a bare array.
 */
class FeatureNamesApiTests extends HttpTests {

	private static final List<String> NAMES = List.of("sepal length", "sepal width", "petal length", "petal width");

	private static final String FEATURES = "[\"sepal length\", \"sepal width\", {\"name\": \"petal length\", "
			+ "\"type\": \"float\"}, \"petal width\"]";

	@Test
	void namesReplaceX1ToXnAndTheExampleBecomesTheDocumentedRequest() {
		ApiClient user = newUser();
		JsonNode reference = Fixtures.reference("sklearn/iris_rf.joblib");
		// a virginica row, so that the documented answer is not the class of zeros
		JsonNode row = reference.get("inputs").get(reference.get("inputs").size() - 1);
		String example = "{\"sepal length\": " + row.get(0) + ", \"sepal width\": " + row.get(1)
				+ ", \"petal length\": " + row.get(2) + ", \"petal width\": " + row.get(3) + "}";
		ApiClient.Response created = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "iris", "description", "iris forest", "features", FEATURES, "input_example", example));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode model = created.json();
		assertThat(model.get("schema").get("features")).extracting((f) -> f.get("name").asString())
			.containsExactlyElementsOf(NAMES);

		JsonNode docs = user.get("/api/v1/models/" + model.get("id").asString() + "/docs").json();
		assertThat(docs.get("inputs")).extracting((i) -> i.get("name").asString()).containsExactlyElementsOf(NAMES);
		assertThat(docs.get("example_request").get("inputs")).hasSize(1);
		assertThat(docs.get("example_request").get("inputs").get(0)).isEqualTo(row);
		JsonNode named = docs.get("example_request_named").get("instances").get(0);
		assertThat(named.propertyNames()).containsExactlyElementsOf(NAMES);
		assertThat(named.get("petal width")).isEqualTo(row.get(3));
		int last = reference.get("predictions").size() - 1;
		assertThat(docs.get("example_response").get("predictions").get(0).asInt())
			.isEqualTo(reference.get("predictions").get(last).asInt());
		assertThat(docs.get("snippets").get("curl").asString()).contains(row.get(2).toString());

		JsonNode openApi = user.get("/v3/api-docs").json().get("paths").get(predictPath(model)).get("post");
		JsonNode content = openApi.get("requestBody").get("content").get("application/json");
		assertThat(content.get("examples").get("positional").get("value").get("inputs").get(0)).isEqualTo(row);
		assertThat(
				content.get("schema").get("properties").get("instances").get("items").get("properties").propertyNames())
			.containsExactlyElementsOf(NAMES);

		// by name, positionally as before, and by MLflow dataframe columns
		ApiClient keyed = apiKeyClient(user);
		assertPredictsReference(keyed, model, reference);
		ApiClient.Response oldNames = keyed.post(predictPath(model),
				Map.of("instances", List.of(Map.of("x1", 5.1, "x2", 3.5, "x3", 1.4, "x4", 0.2))));
		assertThat(oldNames.status()).as("x1..x4 are no longer the names").isEqualTo(400);
		ApiClient.Response mlflow = keyed.post("/api/v1/models/" + model.get("id").asString() + "/invocations",
				Map.of("dataframe_split", Map.of("columns", NAMES.reversed(), "data", List.of(List
					.of(row.get(3).asDouble(), row.get(2).asDouble(), row.get(1).asDouble(), row.get(0).asDouble())))));
		assertThat(mlflow.status()).as(mlflow.toString()).isEqualTo(200);
		assertThat(mlflow.json().get("predictions").get(0).asInt())
			.isEqualTo(reference.get("predictions").get(last).asInt());

		// the names are stored with the version: they survive unloading and loading again
		String path = "/api/v1/models/" + model.get("id").asString();
		assertThat(user.patch(path, Map.of("status", "inactive")).json().get("runtime").get("loaded").asBoolean())
			.isFalse();
		assertThat(user.patch(path, Map.of("status", "active")).status()).isEqualTo(200);
		assertPredictsReference(keyed, model, reference);
		assertThat(user.get(path + "/versions").json().get(0).get("schema").get("features"))
			.extracting((f) -> f.get("name").asString())
			.containsExactlyElementsOf(NAMES);

		// a new version takes names too, given as comma-separated text; renamed features
		// are a change its clients would notice, so production stays until forced
		ApiClient.Response version = user.upload(path + "/versions", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("features", "a, b, c, d"));
		assertThat(version.status()).as(version.toString()).isEqualTo(201);
		JsonNode uploaded = version.json().get("uploaded_version");
		assertThat(uploaded.get("schema").get("features")).extracting((f) -> f.get("name").asString())
			.containsExactly("a", "b", "c", "d");
		assertThat(uploaded.get("incompatibility").get("differences").get(0).asString())
			.isEqualTo("feature '" + NAMES.getFirst() + "' is removed");
		assertThat(version.json().get("version").asInt()).isEqualTo(1);
	}

	private void assertPredictsReference(ApiClient keyed, JsonNode model, JsonNode reference) {
		var instances = new ArrayList<Map<String, Object>>();
		for (JsonNode input : reference.get("inputs")) {
			var instance = new LinkedHashMap<String, Object>();
			for (int j = 0; j < NAMES.size(); j++) {
				instance.put(NAMES.get(j), input.get(j).asDouble());
			}
			instances.add(instance);
		}
		ApiClient.Response byName = keyed.post(predictPath(model), Map.of("instances", instances));
		assertThat(byName.status()).as(byName.toString()).isEqualTo(200);
		assertThat(byName.json().get("predictions")).extracting(JsonNode::asInt)
			.containsExactlyElementsOf(reference.get("predictions").valueStream().map(JsonNode::asInt).toList());
		ApiClient.Response positional = keyed.post(predictPath(model), Map.of("inputs", reference.get("inputs")));
		assertThat(positional.status()).as(positional.toString()).isEqualTo(200);
		assertThat(positional.json().get("predictions")).isEqualTo(byName.json().get("predictions"));
	}

	@Test
	void refusesBadNamesAndExamplesWithPointersAndStoresNothing() {
		ApiClient user = newUser();
		assertRefused(user, Map.of("features", "[\"a\", \"b\", \"c\"]"), "/features", "has 4 features");
		assertRefused(user, Map.of("features", "[\"a\", \"b\", \"a\", \"d\"]"), "/features/2", "duplicate");
		assertRefused(user, Map.of("features", "a, , c, d"), "/features/1", "blank");
		assertRefused(user, Map.of("features", "[\"a\", \"b\", {\"name\": \"c\", \"type\": \"string\"}, \"d\"]"),
				"/features/2/type", "not string");
		assertRefused(user, Map.of("features", "[\"a\", \"b\", {\"name\": \"c\", \"type\": \"text\"}, \"d\"]"),
				"/features/2/type", "unknown type");
		assertRefused(user, Map.of("features", "[\"a\", "), "/features", "not valid JSON");
		assertRefused(user, Map.of("features", FEATURES, "input_example", "{\"sepal length\": \"long\"}"),
				"/input_example/sepal length", null);
		assertRefused(user, Map.of("features", FEATURES, "input_example", "[[5.1, 3.5]]"), "/input_example/0", null);
		assertRefused(user, Map.of("input_example", "{\"x1\": 5.1, \"x2\": 3.5, \"x3\": 1.4, \"x4\": 0.2, \"x5\": 1}"),
				"/input_example/x5", null);
		assertRefused(user, Map.of("input_example", "5.1"), "/input_example", "one row");
		assertThat(user.get("/api/v1/models").json().get("total").asInt()).as("nothing stored").isZero();

		// a model whose file names its features keeps them
		ApiClient.Response renamed = user.upload("/api/v1/models", Fixtures.model("sklearn-extra/wine_columns.joblib"),
				null, Map.of("name", "wine", "description", "wine", "features", "a, b, c, d, e"));
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(400);
		assertThat(renamed.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/features/0");
		assertThat(renamed.json().get("errors").get(0).get("detail").asString())
			.contains("already names this feature 'alcohol'");
		ApiClient.Response same = user.upload("/api/v1/models", Fixtures.model("sklearn-extra/wine_columns.joblib"),
				null, Map.of("name", "wine", "description", "wine", "features",
						"alcohol, malic_acid, ash, color_intensity, region"));
		assertThat(same.status()).as("the file's own names may be repeated: " + same).isEqualTo(201);

		// and a refused new version leaves the model as it was
		String path = "/api/v1/models/" + same.json().get("id").asString();
		ApiClient.Response badVersion = user.upload(path + "/versions",
				Fixtures.model("sklearn-extra/wine_columns.joblib"), null, Map.of("features", "alcohol"));
		assertThat(badVersion.status()).isEqualTo(400);
		assertThat(user.get(path + "/versions").json()).hasSize(1);
	}

	private void assertRefused(ApiClient user, Map<String, String> declarations, String pointer,
			@org.jspecify.annotations.Nullable String detail) {
		var fields = new LinkedHashMap<String, String>(declarations);
		fields.put("name", "refused");
		fields.put("description", "refused");
		ApiClient.Response response = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				fields);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode errors = response.json().get("errors");
		assertThat(errors).as(response.toString())
			.anySatisfy((error) -> assertThat(error.get("pointer").asString()).isEqualTo(pointer));
		if (detail != null) {
			assertThat(errors).as(response.toString())
				.anySatisfy((error) -> assertThat(error.get("detail").asString()).contains(detail));
		}
	}

}

package io.modelhost.apidocs;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocsTests extends HttpTests {

	@Test
	void documentsAnEndpointWithARealExampleAndSnippets() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn-extra/wine_columns.joblib");
		ApiClient.Response response = apiKeyClient(user).get("/api/v1/models/" + model.get("id").asString() + "/docs");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode docs = response.json();
		assertThat(docs.get("endpoint_url").asString()).isEqualTo(model.get("endpoint_url").asString());
		assertThat(docs.get("inputs")).extracting((i) -> i.get("name").asString())
			.containsExactly("alcohol", "malic_acid", "ash", "color_intensity", "region");
		JsonNode region = docs.get("inputs").get(4);
		assertThat(region.get("type").asString()).isEqualTo("string");
		assertThat(region.get("allowed_values")).extracting(JsonNode::asString)
			.containsExactlyInAnyOrder("east", "north", "south");
		assertThat(docs.get("snippets").get("curl").asString()).contains(model.get("endpoint_url").asString())
			.contains("X-API-Key");
		assertThat(docs.get("snippets").get("python").asString()).contains("requests.post");

		// the example request is valid and the example response is what the model answers
		ApiClient.Response replay = user.post(predictPath(model), docs.get("example_request"));
		assertThat(replay.status()).isEqualTo(200);
		assertThat(replay.json().get("predictions")).isEqualTo(docs.get("example_response").get("predictions"));
		ApiClient.Response named = user.post(predictPath(model), docs.get("example_request_named"));
		assertThat(named.json().get("predictions")).isEqualTo(docs.get("example_response").get("predictions"));
	}

	@Test
	void describesOneOperationPerModelToItsOwnerOnly() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		String path = predictPath(model);

		JsonNode mine = owner.get("/v3/api-docs").json();
		JsonNode operation = mine.get("paths").get(path).get("post");
		assertThat(operation.get("summary").asString()).contains(model.get("name").asString());
		JsonNode content = operation.get("requestBody").get("content").get("application/json");
		assertThat(content.get("examples").get("positional").get("value").get("inputs")).hasSize(1);
		assertThat(
				content.get("schema").get("properties").get("instances").get("items").get("properties").propertyNames())
			.containsExactly("x1", "x2", "x3", "x4");
		assertThat(operation.get("responses")
			.get("200")
			.get("content")
			.get("application/json")
			.get("example")
			.get("predictions")).hasSize(1);

		assertThat(apiKeyClient(owner).get("/v3/api-docs").json().get("paths").has(path)).isTrue();
		assertThat(newUser().get("/v3/api-docs").json().get("paths").has(path)).isFalse();
		JsonNode anonymous = anonymous().get("/v3/api-docs").json();
		assertThat(anonymous.get("paths").has(path)).isFalse();
		assertThat(anonymous.get("paths").has("/api/v1/models")).isTrue();
		assertThat(anonymous.get("components").get("securitySchemes").has("apiKey")).isTrue();
	}

	@Test
	void servesSwaggerUi() {
		ApiClient.Response page = anonymous().get("/swagger-ui/index.html");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Swagger UI");
	}

	@Test
	void documentsResponseFieldsInSnakeCase() {
		JsonNode schemas = anonymous().get("/v3/api-docs").json().get("components").get("schemas");
		assertThat(schemas.get("TokenResponse").get("properties").propertyNames()).contains("access_token",
				"expires_in");
		assertThat(schemas.get("ModelResponse").get("properties").propertyNames()).contains("endpoint_url", "docs_url",
				"created_at");
	}

}

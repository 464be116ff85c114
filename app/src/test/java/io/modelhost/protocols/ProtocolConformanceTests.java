package io.modelhost.protocols;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.accounts.UserId;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.runtime.Artifact;
import io.modelhost.runtime.ModelRuntime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What standard clients (tritonclient, KServe's SDK, MLflow's) rely on, over real HTTP:
 * scoped keys refused in each protocol's own error shape, versions that agree with what
 * is served, an {@code error} member in every error answer, readiness that means the
 * model loads, health bodies as KServe's client reads them, and the served OpenAPI
 * describing the answers actually given.
 */
class ProtocolConformanceTests extends ProtocolTests {

	private static final Map<String, Object> IRIS_ROW = Map.of("inputs", List
		.of(Map.of("name", "input", "shape", List.of(1, 4), "datatype", "FP64", "data", List.of(5.1, 3.5, 1.4, 0.2))));

	@Autowired
	ModelRegistry registry;

	@Autowired
	ModelRuntime runtime;

	private ApiClient user;

	@BeforeEach
	void newUserForEachTest() {
		this.user = newUser();
	}

	@Test
	void refusesAModelOutsideTheKeysScopeWith403InEachProtocolsShape() {
		JsonNode allowed = upload(this.user, "sklearn/iris_rf.joblib", "allowed");
		JsonNode other = upload(this.user, "sklearn/iris_rf.joblib", "other");
		ApiClient scoped = scopedKey(allowed);
		String otherId = other.get("id").asString();

		List<ApiClient.Response> oip = List.of(scoped.get("/v2/models/other"), scoped.get("/v2/models/" + otherId),
				scoped.get("/v2/models/other/ready"), scoped.get("/v2/models/other/versions/1"),
				scoped.post("/v2/models/other/infer", IRIS_ROW),
				scoped.post("/v1/models/other:predict", Map.of("instances", List.of(List.of(5.1, 3.5, 1.4, 0.2)))),
				scoped.get("/v1/models/other"), scoped.post("/v1/models/other:explain", Map.of()));
		for (ApiClient.Response response : oip) {
			assertThat(response.status()).as(response.toString()).isEqualTo(403);
			assertThat(response.contentType()).isEqualTo("application/json");
			assertThat(response.json().propertyNames()).containsExactly("error");
			assertThat(response.json().get("error").asString()).contains("only with the models it was made for");
		}
		ApiClient.Response mlflow = scoped.post("/api/v1/models/" + otherId + "/invocations",
				Map.of("instances", List.of(List.of(5.1, 3.5, 1.4, 0.2))));
		assertThat(mlflow.status()).as(mlflow.toString()).isEqualTo(403);
		assertThat(mlflow.json().get("error_code").asString()).isEqualTo("PERMISSION_DENIED");
		assertThat(mlflow.json().get("message").asString()).contains("only with the models it was made for");

		// the model in scope answers in all three
		assertThat(scoped.post("/v2/models/allowed/infer", IRIS_ROW).status()).isEqualTo(200);
		assertThat(scoped.get("/v1/models/allowed").status()).isEqualTo(200);
		assertThat(scoped
			.post("/api/v1/models/" + allowed.get("id").asString() + "/invocations",
					Map.of("instances", List.of(List.of(5.1, 3.5, 1.4, 0.2))))
			.status()).isEqualTo(200);
	}

	@Test
	void listsOnlyTheModelsAScopedKeyMayUse() {
		JsonNode allowed = upload(this.user, "sklearn/iris_rf.joblib", "allowed");
		JsonNode other = upload(this.user, "sklearn/iris_rf.joblib", "other");
		ApiClient scoped = scopedKey(allowed);

		assertThat(scoped.get("/v1/models").json().get("models")).extracting(JsonNode::asString)
			.containsExactly("allowed");
		assertThat(this.user.get("/v1/models").json().get("models")).extracting(JsonNode::asString)
			.containsExactly("other", "allowed");

		JsonNode scopedDocs = scoped.get("/v3/api-docs").json().get("paths");
		assertThat(scopedDocs.has(predictPath(allowed))).isTrue();
		assertThat(scopedDocs.has(predictPath(other))).isFalse();
		JsonNode ownerDocs = apiKeyClient(this.user).get("/v3/api-docs").json().get("paths");
		assertThat(ownerDocs.has(predictPath(allowed))).isTrue();
		assertThat(ownerDocs.has(predictPath(other))).isTrue();
	}

	@Test
	void listsTheVersionsThatInferenceAccepts() {
		JsonNode model = upload(this.user, "sklearn/iris_rf.joblib", "churn");
		String id = model.get("id").asString();
		ApiClient.Response second = this.user.upload("/api/v1/models/" + id + "/versions",
				Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null, Map.of());
		assertThat(second.status()).as(second.toString()).isEqualTo(201);

		JsonNode metadata = this.user.get("/v2/models/churn").json();
		assertThat(metadata.get("versions")).extracting(JsonNode::asString).containsExactly("1", "2");
		for (JsonNode version : metadata.get("versions")) {
			ApiClient.Response infer = this.user.post("/v2/models/churn/versions/" + version.asString() + "/infer",
					IRIS_ROW);
			assertThat(infer.status()).as(infer.toString()).isEqualTo(200);
			assertThat(infer.json().get("model_version").asString()).isEqualTo(version.asString());
			assertThat(this.user.get("/v2/models/churn/versions/" + version.asString()).json().get("versions"))
				.isEqualTo(metadata.get("versions"));
			assertThat(this.user.get("/v2/models/churn/versions/" + version.asString() + "/ready").status())
				.isEqualTo(200);
		}
		// unversioned, the production version answers: the newest
		assertThat(this.user.post("/v2/models/churn/infer", IRIS_ROW).json().get("model_version").asString())
			.isEqualTo("2");
		ApiClient.Response unlisted = this.user.post("/v2/models/churn/versions/3/infer", IRIS_ROW);
		assertThat(unlisted.status()).isEqualTo(404);
		assertThat(unlisted.json().get("error").asString()).contains("no version 3");
	}

	@Test
	void answersEveryErrorOnV2WithAnErrorMember() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		ApiClient.Response unauthenticated = anonymous().get("/v2/models/iris-mlp");
		ApiClient.Response badKey = anonymous().withApiKey("mh_notakey").post("/v2/models/iris-mlp/infer", IRIS_ROW);
		ApiClient.Response noSuchPath = this.user.get("/v2/models/iris-mlp/stats");
		ApiClient.Response noSuchMethod = this.user.send("DELETE", "/v2/models/iris-mlp", Map.of());
		ApiClient.Response wrongMethod = this.user.get("/v2/models/iris-mlp/infer");
		ApiClient.Response v1NoSuchMethod = this.user.send("PUT", "/v1/models/iris-mlp:predict", Map.of());
		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(badKey.status()).isEqualTo(401);
		assertThat(noSuchPath.status()).isEqualTo(404);
		assertThat(noSuchMethod.status()).isEqualTo(405);
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertThat(v1NoSuchMethod.status()).isEqualTo(405);
		for (ApiClient.Response response : List.of(unauthenticated, badKey, noSuchPath, noSuchMethod, wrongMethod,
				v1NoSuchMethod)) {
			assertThat(response.contentType()).as(response.toString()).isEqualTo("application/json");
			JsonNode body = response.json();
			assertThat(body.get("error").asString()).as(response.toString()).isNotBlank();
			// still the API's problem, for clients that read those members
			assertThat(body.get("status").asInt()).isEqualTo(response.status());
			assertThat(body.get("type").asString()).startsWith("https://modelhost.io/problems/");
			assertThat(body.get("error").asString()).isEqualTo(body.get("detail").asString());
		}
		assertThat(unauthenticated.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(unauthenticated.json().get("error").asString()).contains("X-API-Key");
		// the JSON API keeps its problems as they are
		ApiClient.Response api = anonymous().get("/api/v1/models");
		assertThat(api.contentType()).startsWith("application/problem+json");
		assertThat(api.json().has("error")).isFalse();
	}

	@Test
	void reportsAModelWhoseFileCannotBeLoadedAsNotReady() throws Exception {
		JsonNode model = upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		ApiClient keyed = apiKeyClient(this.user);
		ApiClient.Response ready = keyed.get("/v2/models/iris-mlp/ready");
		assertThat(ready.status()).isEqualTo(200);
		assertThat(ready.json().toString()).isEqualTo("{\"name\":\"iris-mlp\",\"ready\":true}");

		// the stored file is damaged, and the model no longer in memory
		var owner = new UserId(this.user.get("/api/v1/auth/me").json().get("id").asString());
		Artifact artifact = this.registry.servingTarget(owner, new ModelId(model.get("id").asString()), null)
			.artifact();
		Files.write(artifact.servedFile(), "not a model any more".getBytes());
		this.runtime.evict(artifact.key());

		ApiClient.Response notReady = keyed.get("/v2/models/iris-mlp/ready");
		assertThat(notReady.status()).as(notReady.toString()).isEqualTo(400);
		assertThat(notReady.json().toString()).isEqualTo("{\"name\":\"iris-mlp\",\"ready\":false}");
		assertThat(keyed.get("/v2/models/iris-mlp/versions/1/ready").status()).isEqualTo(400);
		ApiClient.Response v1 = keyed.get("/v1/models/iris-mlp");
		assertThat(v1.status()).as("KServe's SDK reads 503 as not ready").isEqualTo(503);
		assertThat(v1.json().get("error").asString()).contains("not ready");
		// predicting says why, in each protocol's error body
		var row = List.of(List.of(5.1, 3.5, 1.4, 0.2));
		ApiClient.Response infer = keyed.post("/v2/models/iris-mlp/infer", Map.of("inputs",
				List.of(Map.of("name", "input", "shape", List.of(1, 4), "datatype", "FP32", "data", row.getFirst()))));
		ApiClient.Response predict = keyed.post("/v1/models/iris-mlp:predict", Map.of("instances", row));
		ApiClient.Response invocations = keyed.post("/api/v1/models/" + model.get("id").asString() + "/invocations",
				Map.of("inputs", row));
		for (ApiClient.Response answer : List.of(infer, predict)) {
			assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
			assertThat(answer.json().get("error").asString()).contains("failed its integrity check");
		}
		assertThat(invocations.status()).as(invocations.toString()).isEqualTo(503);
		assertThat(invocations.json().get("message").asString()).contains("failed its integrity check");

		// and a missing file likewise
		Files.delete(artifact.servedFile());
		assertThat(keyed.get("/v2/models/iris-mlp/ready").status()).isEqualTo(400);
	}

	@Test
	void answersHealthWithTheBodiesKServesClientReads() {
		ApiClient.Response live = anonymous().get("/v2/health/live");
		ApiClient.Response ready = anonymous().get("/v2/health/ready");
		assertThat(live.status()).isEqualTo(200);
		assertThat(live.contentType()).isEqualTo("application/json");
		assertThat(live.json().toString()).isEqualTo("{\"live\":true}");
		assertThat(ready.status()).isEqualTo(200);
		assertThat(ready.json().toString()).isEqualTo("{\"ready\":true}");
	}

	@Test
	void servesAnOpenApiDescriptionThatTheAnswersFit() {
		upload(this.user, "onnx/iris_mlp.onnx", "iris-mlp");
		upload(this.user, "sklearn-extra/wine_columns.joblib", "wine");
		JsonNode document = this.user.get("/v3/api-docs").json();
		var schemas = new OpenApiSchemaCheck(document);
		String infer = "/v2/models/{name}/infer";

		// a request with nested data, and the answer to it
		var request = Map.of("id", "7", "inputs", List.of(Map.of("name", "input", "shape", List.of(2, 4), "datatype",
				"FP32", "data", List.of(List.of(5.1, 3.5, 1.4, 0.2), List.of(6.3, 3.3, 6.0, 2.5)))));
		assertThat(schemas.problems(JsonMapper.builder().build().valueToTree(request), schemas.request(infer, "post")))
			.isEmpty();
		ApiClient.Response answer = this.user.post("/v2/models/iris-mlp/infer", request);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(schemas.problems(answer.json(), schemas.response(infer, "post", "200"))).isEmpty();
		// a tabular answer: integer labels and probabilities
		ApiClient.Response tabular = this.user.post("/v2/models/wine/infer", Map.of("inputs",
				List.of(Map.of("name", "alcohol", "shape", List.of(1), "datatype", "FP64", "data", List.of(14.23)),
						Map.of("name", "malic_acid", "shape", List.of(1), "datatype", "FP64", "data", List.of(1.71)),
						Map.of("name", "ash", "shape", List.of(1), "datatype", "FP64", "data", List.of(2.43)),
						Map.of("name", "color_intensity", "shape", List.of(1), "datatype", "FP64", "data",
								List.of(5.64)),
						Map.of("name", "region", "shape", List.of(1), "datatype", "BYTES", "data", List.of("north")))));
		assertThat(tabular.status()).as(tabular.toString()).isEqualTo(200);
		assertThat(schemas.problems(tabular.json(), schemas.response(infer, "post", "200"))).isEmpty();
		// the check can fail: data as an object is not what the description says
		JsonNode broken = answer.json();
		((tools.jackson.databind.node.ObjectNode) broken.get("outputs").get(0)).putObject("data");
		assertThat(schemas.problems(broken, schemas.response(infer, "post", "200"))).isNotEmpty();

		// metadata and health
		assertThat(schemas.problems(this.user.get("/v2/models/wine").json(),
				schemas.response("/v2/models/{name}", "get", "200")))
			.isEmpty();
		assertThat(schemas.problems(anonymous().get("/v2/health/ready").json(),
				schemas.response("/v2/health/ready", "get", "200")))
			.isEmpty();
		ApiClient.Response modelReady = this.user.get("/v2/models/wine/ready");
		assertThat(schemas.problems(modelReady.json(), schemas.response("/v2/models/{name}/ready", "get", "200")))
			.isEmpty();

		// error answers, from the protocol's code and from before it
		List<Map.Entry<String, ApiClient.Response>> errors = List.of(
				Map.entry(infer, this.user.post("/v2/models/nope/infer", request)),
				Map.entry(infer, this.user.post("/v2/models/iris-mlp/infer", Map.of("inputs", List.of()))),
				Map.entry(infer, anonymous().post("/v2/models/iris-mlp/infer", request)),
				Map.entry("/v2/models/{name}", this.user.get("/v2/models/nope")),
				Map.entry("/v1/models/{name}:predict", this.user.post("/v1/models/nope:predict", Map.of())));
		for (Map.Entry<String, ApiClient.Response> error : errors) {
			ApiClient.Response response = error.getValue();
			String method = error.getKey().equals("/v2/models/{name}") ? "get" : "post";
			assertThat(response.status()).as(response.toString()).isBetween(400, 499);
			assertThat(schemas.problems(response.json(),
					schemas.response(error.getKey(), method, String.valueOf(response.status()))))
				.as(response.toString())
				.isEmpty();
		}
		String invocations = document.get("paths")
			.propertyNames()
			.stream()
			.filter((path) -> path.endsWith("/invocations"))
			.findFirst()
			.orElseThrow();
		ApiClient.Response mlflow = this.user.post("/api/v1/models/" + java.util.UUID.randomUUID() + "/invocations",
				Map.of("instances", List.of()));
		assertThat(mlflow.status()).isEqualTo(404);
		assertThat(schemas.problems(mlflow.json(), schemas.response(invocations, "post", "404"))).isEmpty();
	}

	private ApiClient scopedKey(JsonNode model) {
		ApiClient.Response key = this.user.post("/api/v1/api-keys",
				Map.of("name", "one model", "model_ids", List.of(model.get("id").asString())));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return anonymous().withApiKey(key.json().get("key").asString());
	}

}

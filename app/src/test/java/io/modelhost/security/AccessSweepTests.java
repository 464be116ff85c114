package io.modelhost.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every operation of the API (as the OpenAPI document lists it, so a new endpoint is
 * swept too) called by a second user against the first user's resources: a stranger gets
 * 404 (403 on administrators' endpoints), a user the model is shared with for viewing
 * gets 403 on everything but reading (the inference protocols' endpoints need 'use'), and
 * nothing of the first user's changes.
 */
class AccessSweepTests extends HttpTests {

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

	private static final Map<String, Object> ROW = Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } });

	/** The same row as an Open Inference Protocol request. */
	private static final Map<String, Object> OIP_ROW = Map.of("inputs", List
		.of(Map.of("name", "input", "shape", List.of(1, 4), "datatype", "FP64", "data", List.of(5.1, 3.5, 1.4, 0.2))));

	private ApiClient owner;

	private JsonNode model;

	private String keyId;

	private String shareeId;

	private String webhookId;

	private String datasetId;

	private String trainingJobId;

	private String batchId;

	@BeforeEach
	void firstUsersResources() throws IOException {
		this.owner = newUser();
		ApiClient.Response upload = this.owner.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "swept", "description", "the first user's model"));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
		this.model = upload.json();
		this.owner.upload("/api/v1/models/" + modelId() + "/versions",
				Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null, Map.of());
		this.keyId = this.owner.post("/api/v1/api-keys", Map.of("name", "first user's key"))
			.json()
			.get("id")
			.asString();
		this.webhookId = this.owner
			.post("/api/v1/webhooks",
					Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("model.updated"), "model_id", modelId()))
			.json()
			.get("webhook")
			.get("id")
			.asString();
		ApiClient.Response dataset = this.owner.upload("/api/v1/datasets", Fixtures.root().resolve("datasets/iris.csv"),
				null, Map.of("name", "the first user's data"));
		assertThat(dataset.status()).as(dataset.toString()).isEqualTo(201);
		this.datasetId = dataset.json().get("id").asString();
		ApiClient.Response training = this.owner.post("/api/v1/training-jobs", Map.of("dataset_id", this.datasetId,
				"target", "species", "model_name", "the first user's trained model", "time_budget_s", 5));
		assertThat(training.status()).as(training.toString()).isEqualTo(202);
		this.trainingJobId = training.json().get("id").asString();
		// rows with the model's own feature names (it was fitted on a bare array)
		Path rows = Files.createTempFile("sweep-rows-", ".csv");
		Files.writeString(rows, "x1,x2,x3,x4\n5.1,3.5,1.4,0.2\n");
		ApiClient.Response batch = this.owner.upload("/api/v1/models/" + modelId() + "/batch-predictions", rows, null,
				Map.of());
		Files.delete(rows);
		assertThat(batch.status()).as(batch.toString()).isEqualTo(202);
		this.batchId = batch.json().get("id").asString();
		ApiClient sharee = newUser();
		assertThat(this.owner
			.post("/api/v1/models/" + modelId() + "/shares", Map.of("email", email(sharee), "permission", "use"))
			.status()).isEqualTo(202);
		this.shareeId = this.owner.get("/api/v1/models/" + modelId() + "/shares")
			.json()
			.get(0)
			.get("user_id")
			.asString();
	}

	@Test
	void aStrangerFindsNothingOnAnyEndpointAndChangesNothing() {
		ApiClient stranger = newUser();
		ApiClient strangerKey = apiKeyClient(stranger);
		Map<String, Object> before = snapshot();
		List<String> swept = new ArrayList<>();
		for (Operation operation : operations()) {
			for (ApiClient client : List.of(stranger, strangerKey)) {
				ApiClient.Response response = operation.call(client, this);
				String what = operation + (client == strangerKey ? " (API key)" : "") + " -> " + response;
				if (operation.path().startsWith("/api/v1/admin/")) {
					assertThat(response.status()).as(what).isEqualTo(403);
				}
				else if (client == strangerKey && response.status() == 403) {
					// API keys are for predictions and docs only
					assertThat(response.json().get("type").asString()).as(what).endsWith("/forbidden");
				}
				else {
					assertThat(response.status()).as(what).isEqualTo(404);
				}
			}
			swept.add(operation.toString());
		}
		assertThat(swept).as("operations swept").hasSizeGreaterThan(20);
		assertThat(snapshot()).isEqualTo(before);
		assertThat(this.owner.get("/api/v1/training-jobs/" + this.trainingJobId)
			.json()
			.get("cancel_requested")
			.asBoolean()).isFalse();
		ApiClient.Response predicted = this.owner.post("/api/v1/models/" + modelId() + "/predict", ROW);
		assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
		for (String list : List.of("/api/v1/models", "/api/v1/models/shared-with-me", "/api/v1/api-keys",
				"/api/v1/datasets", "/api/v1/jobs", "/api/v1/training-jobs")) {
			assertThat(stranger.get(list).body()).as(list)
				.doesNotContain(modelId())
				.doesNotContain(this.keyId)
				.doesNotContain(this.datasetId)
				.doesNotContain(this.trainingJobId)
				.doesNotContain(this.batchId);
		}
	}

	@Test
	void aViewerReadsTheModelButChangesNothing() {
		ApiClient viewer = newUser();
		this.owner.post("/api/v1/models/" + modelId() + "/shares",
				Map.of("email", email(viewer), "permission", "view"));
		Map<String, Object> before = snapshot();
		for (Operation operation : operations()) {
			ApiClient.Response response = operation.call(viewer, this);
			String what = operation + " -> " + response;
			if (operation.path().startsWith("/api/v1/admin/")) {
				assertThat(response.status()).as(what).isEqualTo(403);
			}
			else if (operation.path().startsWith("/api/v1/api-keys/")
					|| operation.path().startsWith("/api/v1/webhooks/")
					|| operation.path().startsWith("/api/v1/datasets/") || operation.path().startsWith("/api/v1/jobs/")
					|| operation.path().startsWith("/api/v1/training-jobs/")
					|| operation.path().startsWith("/api/v1/evaluations/")
					|| operation.path().startsWith("/api/v1/comparisons/")
					|| operation.path().startsWith("/api/v1/batch-predictions/")) {
				// sharing a model shares nothing else (a batch prediction is its
				// submitter's)
				assertThat(response.status()).as(what).isEqualTo(404);
			}
			else if (operation.path().endsWith("/training")) {
				// the viewer sees the model, which was uploaded, not trained (a viewer
				// reading a trained model's report: TrainingApiTests)
				assertThat(response.status()).as(what).isEqualTo(404);
				assertThat(response.json().get("type").asString()).as(what).endsWith("/training-report-not-found");
			}
			else if (operation.path().endsWith("/captures") || operation.path().endsWith("/captures/export")
					|| operation.path().endsWith("/drift")) {
				// captured payloads are the owner's; drift of them needs 'edit'
				assertThat(response.status()).as(what).isEqualTo(403);
			}
			else if (operation.method().equals("GET") && !operation.path().endsWith("/shares")
					&& !operation.path().startsWith("/v")) {
				// reading is viewing; the inference protocols' endpoints (metadata too)
				// are the model's endpoint, which needs 'use'
				assertThat(response.status()).as(what).isEqualTo(200);
			}
			else {
				assertThat(response.status()).as(what).isEqualTo(403);
			}
		}
		assertThat(snapshot()).isEqualTo(before);
	}

	/** Everything about the first user's resources that a sweep could change. */
	private Map<String, Object> snapshot() {
		String path = "/api/v1/models/" + modelId();
		var state = new LinkedHashMap<String, Object>();
		ObjectNode model = (ObjectNode) this.owner.get(path).json();
		model.remove("runtime");
		state.put("model", model);
		JsonNode versions = this.owner.get(path + "/versions").json();
		versions.forEach((version) -> ((ObjectNode) version).remove("runtime"));
		state.put("versions", versions);
		state.put("shares", this.owner.get(path + "/shares").json());
		state.put("alert-rules", this.owner.get(path + "/alert-rules").json());
		state.put("capture", this.owner.get(path + "/capture").json());
		state.put("reference", this.owner.get(path + "/reference").json());
		state.put("drift-alert-rule", this.owner.get(path + "/drift/alert-rule").json());
		state.put("keys", this.owner.get("/api/v1/api-keys").json());
		state.put("webhooks", this.owner.get("/api/v1/webhooks").json());
		state.put("deliveries", this.owner.get("/api/v1/webhooks/" + this.webhookId + "/deliveries").json());
		ObjectNode me = (ObjectNode) this.owner.get("/api/v1/auth/me").json();
		// the owner's own training job registers its model while the sweep runs
		me.remove("usage");
		state.put("me", me);
		state.put("datasets", this.owner.get("/api/v1/datasets").json());
		state.put("dataset-preview", this.owner.get("/api/v1/datasets/" + this.datasetId + "/preview").json());
		return state;
	}

	/** The API's operations about one resource: those with a path variable. */
	private List<Operation> operations() {
		JsonNode api = anonymous().get("/v3/api-docs").json();
		var operations = new ArrayList<Operation>();
		for (var path : api.get("paths").properties()) {
			if (!path.getKey().contains("{")) {
				continue;
			}
			for (var method : path.getValue().properties()) {
				JsonNode content = method.getValue().path("requestBody").path("content");
				operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(),
						content.has("multipart/form-data"), body(api, content.path("application/json"))));
			}
		}
		return operations;
	}

	/**
	 * A body with the fields the operation's schema names, each valid for the owner; a
	 * prediction row where the schema is open.
	 */
	private Map<String, Object> body(JsonNode api, JsonNode json) {
		String ref = json.path("schema").path("$ref").asString("");
		if (ref.isEmpty()) {
			return ROW;
		}
		if (ref.endsWith("/InferenceRequest")) {
			return OIP_ROW;
		}
		JsonNode schema = api.get("components").get("schemas").get(ref.substring(ref.lastIndexOf('/') + 1));
		var body = new LinkedHashMap<String, Object>();
		for (var property : schema.path("properties").properties()) {
			Object value = switch (property.getKey()) {
				case "name" -> "taken over";
				case "description" -> "changed by someone else";
				case "status" -> "inactive";
				case "version" -> 2;
				case "force" -> true;
				case "email" -> "someone@example.com";
				case "permission" -> "edit";
				case "enabled" -> false;
				case "role" -> "admin";
				case "password" -> "a new password for them";
				case "username" -> "taken_over";
				case "cpu_percent" -> 1;
				case "memory_mb" -> 1;
				case "error_rate" -> 0;
				case "p95_latency_ms" -> 1;
				case "window" -> "PT1M";
				case "url" -> "http://127.0.0.1:9/taken-over";
				case "events" -> List.of("prediction");
				case "model_id" -> "";
				case "image_input" -> Map.of("width", 8, "height", 8, "channels", 1);
				case "dataset_id" -> this.datasetId;
				case "max_models" -> 1;
				case "max_stored_bytes" -> "1MB";
				case "target" -> "species";
				case "model_ids" -> List.of();
				case "sample_rate" -> 1;
				case "retention_days" -> 1;
				case "psi" -> 0.2;
				case "share_drifted" -> 0.5;
				case "capture" -> Map.of("enabled", true, "sample_rate", 1);
				case "production" -> 90;
				case "canary" -> Map.of("version", 2, "percent", 10);
				case "shadow" -> Map.of("version", 2);
				case "sticky" -> "api_key";
				default -> fail("The sweep does not know what to send as '%s' in %s: teach it", property.getKey(), ref);
			};
			body.put(property.getKey(), value);
		}
		return body;
	}

	/** The first user's resource each path variable names. */
	String resolve(String path) {
		Matcher matcher = VARIABLE.matcher(path);
		var resolved = new StringBuilder();
		while (matcher.find()) {
			String value = switch (matcher.group(1)) {
				case "id" -> path.startsWith("/api/v1/api-keys/") ? this.keyId
						: path.startsWith("/api/v1/jobs/") || path.startsWith("/api/v1/training-jobs/")
								|| path.startsWith("/api/v1/evaluations/") || path.startsWith("/api/v1/comparisons/")
										? this.trainingJobId
										: path.startsWith("/api/v1/batch-predictions/") ? this.batchId
												: path.startsWith("/api/v1/webhooks/") ? this.webhookId
														: path.startsWith("/api/v1/datasets/") ? this.datasetId
																: path.startsWith("/api/v1/admin/users/")
																		? userId(this.owner) : modelId();
				// protocols take a name or an id; names are looked up among the caller's
				// own models only, so the id is the sharper test
				case "name" -> modelId();
				case "version" -> "1";
				case "index" -> "0";
				case "alias" -> "staging";
				case "userId" -> this.shareeId;
				default -> fail("The sweep does not know what {%s} in %s names: teach it", matcher.group(1), path);
			};
			matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(resolved);
		return resolved.toString();
	}

	private String modelId() {
		return this.model.get("id").asString();
	}

	private static String email(ApiClient user) {
		return user.get("/api/v1/auth/me").json().get("email").asString();
	}

	private static String userId(ApiClient user) {
		return user.get("/api/v1/auth/me").json().get("id").asString();
	}

	/** One operation, called with a body that would be valid for the resource's owner. */
	record Operation(String method, String path, boolean multipart, Map<String, Object> body) {

		ApiClient.Response call(ApiClient client, AccessSweepTests sweep) {
			String target = sweep.resolve(this.path);
			if (this.multipart) {
				return client.upload(target, Fixtures.model("sklearn/iris_rf.joblib"), null, Map.of());
			}
			return switch (this.method) {
				case "GET" -> client.get(target);
				case "DELETE" -> client.delete(target);
				// a body naming a dataset names the first user's
				default -> client.send(this.method, target, this.body);
			};
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

}

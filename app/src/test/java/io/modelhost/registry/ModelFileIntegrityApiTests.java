package io.modelhost.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model file changed on disk after upload is found when it is next loaded: the version
 * is failed with the reason, the owner gets an alert and an audit entry, and its endpoint
 * answers a 503 problem saying so, never a prediction from the damaged file.
 */
class ModelFileIntegrityApiTests extends HttpTests {

	private static final Map<String, Object> ROW = Map.of("inputs", List.of(List.of(5.9, 3.0, 5.1, 1.8)));

	@Test
	void refusesAModelWhoseStoredFileChangedAndFailsItsVersion() throws IOException {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib", "guarded");
		String id = model.get("id").asString();
		assertThat(owner.post(predictPath(model), ROW).status()).isEqualTo(200);
		JsonNode version = owner.get("/api/v1/models/" + id + "/versions/1").json();
		assertThat(version.get("status").asString()).isEqualTo("ready");
		assertThat(version.has("failure_reason")).isFalse();

		// one byte changed in every stored file of the version, while it is loaded
		corruptVersion(id, 1);
		assertThat(owner.post(predictPath(model), ROW).status()).as("still the model loaded before").isEqualTo(200);

		// deactivating unloads it; activated again, the next prediction loads the file
		assertThat(owner.patch("/api/v1/models/" + id, Map.of("status", "inactive")).status()).isEqualTo(200);
		assertThat(owner.patch("/api/v1/models/" + id, Map.of("status", "active")).status()).isEqualTo(200);
		ApiClient.Response refused = owner.post(predictPath(model), ROW);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).endsWith("/model-file-damaged");
		assertThat(refused.json().get("detail").asString()).contains("version 1").contains("integrity check");
		assertThat(refused.json().get("version").asInt()).isEqualTo(1);
		assertThat(refused.body()).doesNotContain(DATA_DIR.toString())
			.doesNotContain("Exception")
			.doesNotContain("\tat ");

		// the version is failed with the reason, and the model with it
		JsonNode failed = owner.get("/api/v1/models/" + id + "/versions/1").json();
		assertThat(failed.get("status").asString()).isEqualTo("failed");
		assertThat(failed.get("failure_reason").asString()).contains("damaged").contains("SHA-256");
		assertThat(owner.get("/api/v1/models/" + id).json().get("status").asString()).isEqualTo("failed");
		assertThat(owner.get("/api/v1/models?status=failed").json().get("items")).hasSize(1);

		// refused again at once, without loading, and recorded once
		ApiClient.Response again = owner.post(predictPath(model), ROW);
		assertThat(again.status()).isEqualTo(503);
		assertThat(again.json().get("type").asString()).endsWith("/model-file-damaged");
		JsonNode audit = owner.get("/api/v1/audit?action=model.version.fail&target_id=" + id).json();
		assertThat(audit.get("items")).hasSize(1);
		JsonNode entry = audit.get("items").get(0);
		assertThat(entry.get("actor_id").asString()).isEqualTo(ModelRegistry.PLATFORM.value());
		assertThat(entry.get("details").get("version").asString()).isEqualTo("1");
		assertThat(entry.get("details").get("expected_sha256").asString()).hasSize(64);
		assertThat(entry.get("details").get("actual_sha256").asString()).hasSize(64)
			.isNotEqualTo(entry.get("details").get("expected_sha256").asString());
		JsonNode alerts = owner.get("/api/v1/models/" + id + "/alerts").json();
		assertThat(alerts.toString()).contains("damaged_file");

		// a new version serves again
		upload(owner, "sklearn/iris_rf.joblib", "guarded");
		ApiClient.Response served = owner.post(predictPath(model), ROW);
		assertThat(served.status()).as(served.toString()).isEqualTo(200);
		assertThat(owner.get("/api/v1/models/" + id).json().get("status").asString()).isEqualTo("active");
		assertThat(owner.post("/api/v1/models/" + id + "/versions/1/predict", ROW).status()).isEqualTo(503);
	}

	@Test
	void aModelFileLoadedIntactIsServed() throws IOException {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib", "intact");
		String id = model.get("id").asString();
		// unloaded and loaded again from the untouched file: the check passes
		assertThat(owner.patch("/api/v1/models/" + id, Map.of("status", "inactive")).status()).isEqualTo(200);
		assertThat(owner.patch("/api/v1/models/" + id, Map.of("status", "active")).status()).isEqualTo(200);
		assertThat(owner.post(predictPath(model), ROW).status()).isEqualTo(200);
		assertThat(owner.get("/api/v1/models/" + id + "/versions/1").json().get("status").asString())
			.isEqualTo("ready");
	}

	/** Flips one byte in the middle of every file of a stored version. */
	private static void corruptVersion(String modelId, int version) throws IOException {
		Path directory = DATA_DIR.resolve("models").resolve(modelId).resolve(Integer.toString(version));
		List<Path> files;
		try (Stream<Path> walk = Files.walk(directory)) {
			files = walk.filter(Files::isRegularFile).toList();
		}
		assertThat(files).isNotEmpty();
		for (Path file : files) {
			byte[] bytes = Files.readAllBytes(file);
			bytes[bytes.length / 2] ^= 0x01;
			Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
		}
	}

}

package io.modelhost.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admission deadline of 1 ms, which no real upload meets (detection, conversion to
 * PMML and a sample prediction take tens of milliseconds at best).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "modelhost.runtime.admission-timeout=1ms")
class AdmissionDeadlineApiTests extends HttpTests {

	@Value("${modelhost.data-dir}")
	Path dataDirectory;

	@Test
	void refusesAnUploadThatRunsPastTheDeadlineWith422AndKeepsNothing() throws IOException {
		ApiClient user = newUser();
		var before = storedFiles();
		ApiClient.Response response = user.upload("/api/v1/models", Fixtures.model("sklearn/iris_rf.joblib"), null,
				Map.of("name", "iris", "description", "a random forest"));
		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.json().get("type").asString()).endsWith("/model-too-slow");
		assertThat(response.json().get("title").asString()).isEqualTo("Model took too long");
		assertThat(response.json().get("detail").asString())
			.isEqualTo("Checking and loading the model took longer than 1 ms: it was stopped and nothing was kept.");
		assertThat(user.get("/api/v1/models").json().get("total").asLong()).isZero();
		assertThat(storedFiles()).as("no file kept").isEqualTo(before);
	}

	/** Model files and work directories (not the database, nor multipart buffers). */
	private Set<Path> storedFiles() throws IOException {
		var stored = new TreeSet<Path>();
		for (String directory : List.of("models", "tmp")) {
			Path root = this.dataDirectory.resolve(directory);
			if (Files.exists(root)) {
				try (Stream<Path> files = Files.walk(root)) {
					files.filter((path) -> !path.startsWith(root.resolve("multipart")))
						.filter((path) -> !path.equals(root))
						.forEach(stored::add);
				}
			}
		}
		return stored;
	}

}

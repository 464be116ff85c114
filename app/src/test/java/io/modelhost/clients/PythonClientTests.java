package io.modelhost.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python client's own suite ({@code clients/python/tests}, unittest) run by Debian's
 * {@code /usr/bin/python3} against this server, as a user registered here, with the
 * fixture files it needs copied to a temporary directory: uploads, predictions from a
 * DataFrame and from dicts, pictures, errors mapped to exceptions, a training waited for,
 * a batch prediction.
 *
 * Needs {@code /usr/bin/python3}: skipped without it, unless
 * {@code MODELHOST_REQUIRE_SERVICES=1} (CI sets it after installing python3 and
 * python3-pandas) turns the absence into a failure; there the DataFrame tests must run
 * too.
 */
class PythonClientTests extends HttpTests {

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	private static final String PASSWORD = "a python client's password";

	private static final boolean REQUIRED = "1".equals(System.getenv("MODELHOST_REQUIRE_SERVICES"));

	@BeforeAll
	static void python() {
		boolean present = Files.isExecutable(PYTHON);
		if (!present && REQUIRED) {
			throw new IllegalStateException(PYTHON + " is missing: apt-get install -y python3 python3-pandas");
		}
		Assumptions.assumeTrue(present, PYTHON + " is missing");
	}

	@Test
	void clientSuitePassesAgainstThisServer(@TempDir Path fixtures) throws Exception {
		String username = "python_" + Long.toHexString(System.nanoTime());
		ApiClient.Response registered = anonymous().post("/api/v1/auth/register",
				Map.of("username", username, "email", username + "@example.com", "password", PASSWORD));
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		copy(Fixtures.model("sklearn/iris_rf.joblib"), fixtures);
		copy(Fixtures.model("sklearn/iris_rf.json"), fixtures);
		copy(Fixtures.model("onnx/digits_cnn.onnx"), fixtures);
		copy(Fixtures.model("onnx/digits_cnn.json"), fixtures);
		copy(Fixtures.root().resolve("datasets/iris.csv"), fixtures);
		// the project's root, found as the fixtures are (above the app module's
		// directory)
		Path project = Fixtures.root().getParent();
		Path output = fixtures.resolve("unittest.log");
		ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "-m", "unittest", "discover", "-s",
				"clients/python/tests", "-v")
			.directory(project.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		Map<String, String> environment = builder.environment();
		environment.put("MODELHOST_URL", "http://127.0.0.1:" + this.port);
		environment.put("MODELHOST_USERNAME", username);
		environment.put("MODELHOST_PASSWORD", PASSWORD);
		environment.put("MODELHOST_FIXTURES", fixtures.toString());
		environment.put("PYTHONPATH", project.resolve("clients/python").toString());
		environment.put("PYTHONDONTWRITEBYTECODE", "1");
		Process process = builder.start();
		boolean finished = process.waitFor(10, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		String log = Files.readString(output, StandardCharsets.UTF_8);
		assertThat(finished).as("the Python suite did not finish within 10 minutes:%n%s", log).isTrue();
		assertThat(process.exitValue()).as("the Python suite failed:%n%s", log).isZero();
		// it ran against this server, not skipped for want of it (nor of pandas, on CI)
		List<String> ran = new ArrayList<>(List.of("test_upload_gives_an_endpoint_with_the_named_features",
				"test_predict_from_a_list_of_dicts", "test_unknown_model_is_not_found_with_the_request_id",
				"test_a_csv_uploaded_as_a_model_is_refused_with_the_servers_detail",
				"test_training_on_the_iris_csv_waits_for_its_model", "test_an_image_model_classifies_pictures"));
		if (REQUIRED) {
			ran.addAll(List.of("test_predict_from_a_dataframe", "test_a_dataframe_uploads_as_a_dataset"));
		}
		for (String test : ran) {
			assertThat(log).as(log).contains("(test_live.LiveTests." + test + ") ... ok");
		}
	}

	private static void copy(Path file, Path directory) throws IOException {
		Files.copy(file, directory.resolve(file.getFileName()));
	}

}

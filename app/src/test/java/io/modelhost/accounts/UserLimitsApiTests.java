package io.modelhost.accounts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-user limits on models and stored bytes over real HTTP: set by an administrator,
 * shown to the user, enforced on every upload path (before the body is read when its
 * declared length is enough, otherwise once the file is received), leaving nothing
 * behind, and holding when two uploads race for the last room.
 */
class UserLimitsApiTests extends HttpTests {

	private static final Path RF = Fixtures.model("sklearn/iris_rf.joblib");

	private static final Path LOGREG = Fixtures.model("sklearn/iris_logreg_pipeline.pkl");

	private static final Path IRIS_CSV = Fixtures.root().resolve("datasets/iris.csv");

	@Test
	void aNewModelPastTheLimitIsRefusedButANewVersionIsNot() {
		ApiClient user = newUser();
		setLimits(user, Map.of("max_models", 1));
		upload(user, "sklearn/iris_rf.joblib", "first");

		ApiClient.Response refused = user.upload("/api/v1/models", LOGREG, null,
				Map.of("name", "second", "description", "one too many"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		JsonNode problem = refused.json();
		assertThat(problem.get("type").asString()).endsWith("/model-limit-reached");
		assertThat(problem.get("limit").asLong()).isEqualTo(1);
		assertThat(problem.get("models").asLong()).isEqualTo(1);
		assertThat(user.get("/api/v1/models").json().get("total").asInt()).isEqualTo(1);

		ApiClient.Response version = user.upload("/api/v1/models", LOGREG, null,
				Map.of("name", "first", "description", "a new version"));
		assertThat(version.status()).as("a version is no new model: " + version).isEqualTo(201);
		JsonNode me = user.get("/api/v1/auth/me").json();
		assertThat(me.get("usage").get("models").asLong()).isEqualTo(1);
		assertThat(me.get("usage").get("stored_bytes").asLong()).isEqualTo(size(RF) + size(LOGREG));
		assertThat(me.get("limits").get("max_models").asLong()).isEqualTo(1);
		assertThat(me.get("limits").has("max_stored_bytes")).as("shown as null: no limit").isTrue();
		assertThat(me.get("limits").get("max_stored_bytes").isNull()).isTrue();
	}

	@Test
	void uploadsPastTheByteLimitAreRefusedOnEveryPathAndLeaveNothing() throws IOException {
		ApiClient user = newUser();
		String modelId = upload(user, "sklearn/iris_rf.joblib", "kept").get("id").asString();
		setLimits(user, Map.of("max_stored_bytes", size(RF) + 100));
		List<String> datasetsBefore = list(DATA_DIR.resolve("datasets"));

		ApiClient.Response dataset = user.upload("/api/v1/datasets", IRIS_CSV, null, Map.of("name", "too much"));
		assertThat(dataset.status()).as(dataset.toString()).isEqualTo(413);
		JsonNode problem = dataset.json();
		assertThat(problem.get("type").asString()).endsWith("/storage-limit-reached");
		assertThat(problem.get("limit").asLong()).isEqualTo(size(RF) + 100);
		assertThat(problem.get("storedBytes").asLong()).isEqualTo(size(RF));
		assertThat(problem.get("uploadBytes").asLong()).isEqualTo(size(IRIS_CSV));
		assertThat(user.get("/api/v1/datasets").json().get("total").asInt()).isZero();
		assertThat(list(DATA_DIR.resolve("datasets"))).isEqualTo(datasetsBefore);

		// no Content-Length: the body is streamed (chunked), and the file checked once
		// received, before it is stored
		HttpResponse<String> chunked = chunkedUpload(user, "/api/v1/models/" + modelId + "/versions", LOGREG);
		assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
		assertThat(chunked.request().headers().firstValue("Content-Length")).isEmpty();
		assertThat(JsonMapper.builder().build().readTree(chunked.body()).get("type").asString())
			.endsWith("/storage-limit-reached");
		assertThat(user.get("/api/v1/models/" + modelId + "/versions").json().size()).isEqualTo(1);
		assertThat(list(DATA_DIR.resolve("models").resolve(modelId))).containsExactly("1");
		assertThat(user.get("/api/v1/auth/me").json().get("usage").get("stored_bytes").asLong()).isEqualTo(size(RF));

		setLimits(user, Map.of("max_stored_bytes", "unlimited"));
		assertThat(user.upload("/api/v1/datasets", IRIS_CSV, null, Map.of("name", "fits now")).status()).isEqualTo(201);
	}

	@Test
	void anUploadDeclaringMoreThanTheRoomLeftIsRefusedBeforeItsBodyIsRead() throws IOException {
		ApiClient user = newUser();
		setLimits(user, Map.of("max_stored_bytes", "100KB"));
		long declared = 3L * 1024 * 1024;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/datasets HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Authorization: "
					+ user.header("Authorization") + "\r\n"
					+ "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: " + declared + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			// not a byte of the body is sent: an answer now means none was waited for
			String answer = readAnswer(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 413");
			assertThat(answer).contains("/storage-limit-reached")
				.contains("\"limit\":102400")
				.contains("\"storedBytes\":0")
				.contains("\"uploadBytes\":" + (declared - 1024 * 1024));
		}
	}

	@Test
	void twoUploadsAtOnceDoNotBothPassTheLimit() throws Exception {
		ApiClient bytes = newUser();
		setLimits(bytes, Map.of("max_stored_bytes", size(RF) * 3 / 2));
		assertThat(statuses(bytes, "bytes")).containsExactly(201, 413);
		assertThat(bytes.get("/api/v1/models").json().get("total").asInt()).isEqualTo(1);

		ApiClient models = newUser();
		setLimits(models, Map.of("max_models", 1));
		assertThat(statuses(models, "models")).containsExactly(201, 409);
		assertThat(models.get("/api/v1/models").json().get("total").asInt()).isEqualTo(1);
	}

	@Test
	void administratorsSetAndClearLimitsWithClearErrors() {
		ApiClient user = newUser();
		String path = "/api/v1/admin/users/" + userId(user) + "/limits";
		ApiClient admin = admin();
		JsonNode set = admin.put(path, Map.of("max_models", 3, "max_stored_bytes", "2GB")).json();
		assertThat(set.get("limits").get("max_models").asLong()).isEqualTo(3);
		assertThat(set.get("limits").get("max_stored_bytes").asLong()).isEqualTo(2L * 1024 * 1024 * 1024);
		assertThat(set.get("overrides").get("max_models").asLong()).isEqualTo(3);
		assertThat(set.get("usage").get("models").asLong()).isZero();

		var unlimited = new HashMap<String, Object>();
		unlimited.put("max_models", "unlimited");
		unlimited.put("max_stored_bytes", null);
		JsonNode cleared = admin.put(path, unlimited).json();
		assertThat(cleared.get("overrides").get("max_models").asString()).isEqualTo("unlimited");
		assertThat(cleared.get("overrides").get("max_stored_bytes").isNull()).as("the default").isTrue();
		assertThat(cleared.get("limits").get("max_models").isNull()).as("no limit").isTrue();
		assertThat(admin.get(path).json()).isEqualTo(cleared);

		for (Map<String, Object> bad : List.of(Map.<String, Object>of("max_models", -3),
				Map.<String, Object>of("max_models", "lots"), Map.<String, Object>of("max_models", 1.5),
				Map.<String, Object>of("max_stored_bytes", "a lot"), Map.<String, Object>of("max_stored_bytes", -1))) {
			ApiClient.Response refused = admin.put(path, bad);
			String field = bad.keySet().iterator().next();
			assertThat(refused.status()).as(bad + " -> " + refused).isEqualTo(400);
			assertThat(refused.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/" + field);
		}
		assertThat(admin.put("/api/v1/admin/users/00000000-0000-0000-0000-000000000000/limits", unlimited).status())
			.isEqualTo(404);
		assertThat(user.put(path, unlimited).status()).as("administrators only").isEqualTo(403);
	}

	/** Two new models uploaded at once by the user; their statuses, sorted. */
	private List<Integer> statuses(ApiClient user, String prefix) throws Exception {
		var start = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			var answers = new ArrayList<Future<Integer>>();
			for (int i = 0; i < 2; i++) {
				String name = prefix + i;
				answers.add(threads.submit(() -> {
					start.await();
					return user.upload("/api/v1/models", RF, null, Map.of("name", name, "description", "racing"))
						.status();
				}));
			}
			start.countDown();
			var statuses = new ArrayList<Integer>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
			return statuses.stream().sorted().toList();
		}
	}

	private void setLimits(ApiClient user, Map<String, Object> limits) {
		ApiClient.Response set = admin().put("/api/v1/admin/users/" + userId(user) + "/limits", limits);
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
	}

	private static String userId(ApiClient user) {
		return user.get("/api/v1/auth/me").json().get("id").asString();
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> list(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(directory)) {
			return entries.map((entry) -> entry.getFileName().toString()).sorted().toList();
		}
	}

	/** A multipart upload of one file with no declared length: sent chunked. */
	private HttpResponse<String> chunkedUpload(ApiClient user, String path, Path file) throws IOException {
		String boundary = "----chunked";
		var body = new ByteArrayOutputStream();
		body.writeBytes(
				("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
						+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
					.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(Files.readAllBytes(file));
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		byte[] bytes = body.toByteArray();
		HttpRequest request = HttpRequest.newBuilder(URI.create(user.base() + path))
			.header("Authorization", user.header("Authorization"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
			.timeout(Duration.ofSeconds(60))
			.build();
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The answer's head and body: as long as its Content-Length says, or to the last
	 * chunk.
	 */
	private static String readAnswer(InputStream in) throws IOException {
		var answer = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		int read;
		while ((read = in.read(buffer)) != -1) {
			answer.write(buffer, 0, read);
			String text = answer.toString(StandardCharsets.UTF_8);
			int head = text.indexOf("\r\n\r\n");
			if (head < 0) {
				continue;
			}
			Matcher length = Pattern.compile("(?i)\r\nContent-Length: (\\d+)").matcher(text.substring(0, head));
			if (length.find() ? answer.size() - head - 4 >= Integer.parseInt(length.group(1))
					: text.endsWith("\r\n0\r\n\r\n")) {
				break;
			}
		}
		return answer.toString(StandardCharsets.UTF_8);
	}

}

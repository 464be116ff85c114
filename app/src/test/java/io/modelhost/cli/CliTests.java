package io.modelhost.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.serving.DigitPictures;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code modelhost} command line, run as a user runs it (a JVM of its own, its own
 * configuration directory) against the live server.
 *
 * <p>
 * Which CLI runs: the packaged jar {@code cli/target/modelhost-cli.jar} when it is at
 * least as new as the CLI's compiled classes (a {@code ./mvnw verify} from the root
 * packages the cli module before the app's tests run), so that the jar users get is what
 * is tested; otherwise (a narrow {@code -pl app -am test}, which packages nothing, or a
 * stale jar) the CLI's main class on this JVM's class path, which holds the cli module (a
 * test dependency of the app) and its libraries.
 */
class CliTests extends HttpTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PASSWORD = "correct horse battery";

	private static final AtomicInteger USERS = new AtomicInteger();

	private static final Path IRIS_CSV = Fixtures.root().resolve("datasets/iris.csv");

	@TempDir
	Path work;

	private Path configHome;

	@BeforeEach
	void configHome() throws IOException {
		this.configHome = Files.createDirectories(this.work.resolve("config"));
	}

	@Test
	void logsInDeploysPredictsFromCsvAndManagesModelsAndKeys() throws IOException {
		String user = register();
		Run login = cli(PASSWORD + "\n", Map.of(), "login", "--url", base(), "--username", user, "--password-stdin");
		assertThat(login.exit()).as(login.toString()).isZero();
		Path stored = this.configHome.resolve("modelhost/login.json");
		assertThat(Files.getPosixFilePermissions(stored)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		String refreshToken = JSON.readTree(Files.readString(stored)).get("refresh_token").asString();
		assertThat(refreshToken).isNotBlank();

		// the URL is remembered with the login; the features name the iris columns
		Run deploy = cli("", Map.of(), "deploy", Fixtures.model("sklearn/iris_rf.joblib").toString(), "--name", "iris",
				"--description", "Iris species from the command line", "--features",
				"[\"sepal length (cm)\",\"sepal width (cm)\",\"petal length (cm)\",\"petal width (cm)\"]");
		assertThat(deploy.exit()).as(deploy.toString()).isZero();
		ApiClient api = signedIn(user);
		JsonNode models = api.get("/api/v1/models?name=iris").json().get("items");
		assertThat(models).hasSize(1);
		JsonNode model = models.get(0);
		assertThat(deploy.out().strip()).isEqualTo(model.get("endpoint_url").asString());
		String id = model.get("id").asString();

		// rows of the three species, with the species column the model does not take
		List<String> lines = Files.readAllLines(IRIS_CSV);
		Path rows = this.work.resolve("rows.csv");
		Files.write(rows, List.of(lines.get(0), lines.get(1), lines.get(2), lines.get(51), lines.get(52),
				lines.get(101), lines.get(102)));
		Run predict = cli("", Map.of(), "predict", "iris", "--csv", rows.toString());
		assertThat(predict.exit()).as(predict.toString()).isZero();
		List<String> answer = predict.out().lines().toList();
		assertThat(answer.get(0)).isEqualTo(lines.get(0) + ",prediction,probability_0,probability_1,probability_2");
		assertThat(answer).hasSize(7);
		List<String> predictions = answer.stream().skip(1).map((l) -> l.split(",")[5]).toList();
		// what the endpoint answers for the same rows, positionally
		JsonNode direct = api
			.post("/api/v1/models/" + id + "/predict",
					Map.of("inputs", List.of(row(lines.get(1)), row(lines.get(2)), row(lines.get(51)),
							row(lines.get(52)), row(lines.get(101)), row(lines.get(102)))))
			.json();
		assertThat(predictions)
			.containsExactlyElementsOf(direct.get("predictions").valueStream().map(JsonNode::asString).toList());
		assertThat(predictions).contains("0", "1", "2");

		// the same file through a batch prediction job gives the same predictions
		Run batch = cli("", Map.of(), "predict", id, "--csv", rows.toString(), "--batch-rows", "3");
		assertThat(batch.exit()).as(batch.toString()).isZero();
		assertThat(batch.err()).contains("batch prediction");
		List<String> batchLines = batch.out().lines().toList();
		int column = List.of(batchLines.get(0).split(",")).indexOf("prediction");
		assertThat(batchLines.stream().skip(1).map((l) -> l.split(",")[column]).toList())
			.containsExactlyElementsOf(predictions);

		// an access token the server refuses (as one that expired during a long command):
		// the CLI refreshes the login once and stores the new tokens
		ObjectNode storedLogin = (ObjectNode) JSON.readTree(Files.readString(stored));
		Files.writeString(stored, JSON.writeValueAsString(storedLogin.put("access_token", "no longer valid")));
		Run list = cli("", Map.of(), "models", "list", "--output", "json");
		assertThat(list.exit()).as(list.toString()).isZero();
		JsonNode renewed = JSON.readTree(Files.readString(stored));
		assertThat(renewed.get("access_token").asString()).isNotEqualTo("no longer valid");
		assertThat(renewed.get("refresh_token").asString()).isNotEqualTo(refreshToken);
		assertThat(JSON.readTree(list.out()).get("items").get(0).get("id").asString()).isEqualTo(id);
		Run show = cli("", Map.of(), "models", "show", "iris");
		assertThat(show.exit()).as(show.toString()).isZero();
		assertThat(show.out()).contains(id, model.get("endpoint_url").asString());

		Run deactivate = cli("", Map.of(), "models", "deactivate", "iris");
		assertThat(deactivate.exit()).as(deactivate.toString()).isZero();
		assertThat(api.get("/api/v1/models/" + id).json().get("status").asString()).isEqualTo("inactive");
		Run refused = cli("", Map.of(), "predict", "iris", "--json", "{\"inputs\": [[5.1, 3.5, 1.4, 0.2]]}");
		assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
		assertThat(refused.err()).contains("(403)");
		assertThat(cli("", Map.of(), "models", "activate", "iris").exit()).isZero();

		// an API key, printed once, that predicts through MODELHOST_API_KEY
		Run key = cli("", Map.of(), "keys", "create", "my app", "--model", "iris");
		assertThat(key.exit()).as(key.toString()).isZero();
		String secret = key.out().strip();
		assertThat(secret).isNotBlank();
		Run withKey = cli("", Map.of("MODELHOST_API_KEY", secret), "predict", id, "--json",
				"{\"inputs\": [[6.3, 3.3, 6.0, 2.5]]}", "--output", "json", "--url", base());
		assertThat(withKey.exit()).as(withKey.toString()).isZero();
		assertThat(JSON.readTree(withKey.out()).get("predictions").get(0).asInt()).isEqualTo(2);
		Run keys = cli("", Map.of(), "keys", "list", "-o", "json");
		String keyId = JSON.readTree(keys.out()).get(0).get("id").asString();
		Run regenerated = cli("", Map.of(), "keys", "regenerate", keyId);
		assertThat(regenerated.exit()).as(regenerated.toString()).isZero();
		String newSecret = regenerated.out().strip();
		Map<String, Object> oneRow = Map.of("inputs", List.of(row(lines.get(1))));
		assertThat(anonymous().withApiKey(secret).post(predictPath(model), oneRow).status()).isEqualTo(401);
		assertThat(anonymous().withApiKey(newSecret).post(predictPath(model), oneRow).status()).isEqualTo(200);
		assertThat(cli("", Map.of(), "keys", "revoke", keyId).exit()).isZero();
		assertThat(anonymous().withApiKey(newSecret).post(predictPath(model), oneRow).status()).isEqualTo(401);

		// the predictions above, in the model's statistics
		Run stats = cli("", Map.of(), "stats", "iris", "--period", "1h", "-o", "json");
		assertThat(stats.exit()).as(stats.toString()).isZero();
		assertThat(JSON.readTree(stats.out()).get("total_requests").asLong()).isGreaterThanOrEqualTo(3);
		Run statsTable = cli("", Map.of(), "stats", "iris");
		assertThat(statsTable.out()).contains("Requests:", "Success rate:", "Latency ms:");

		// logout ends the login on the server, and forgets it here
		String lastRefreshToken = JSON.readTree(Files.readString(stored)).get("refresh_token").asString();
		Run logout = cli("", Map.of(), "logout");
		assertThat(logout.exit()).as(logout.toString()).isZero();
		assertThat(stored).doesNotExist();
		assertThat(anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", lastRefreshToken)).status())
			.isEqualTo(401);
		Run after = cli("", Map.of(), "models", "list", "--url", base());
		assertThat(after.exit()).as(after.toString()).isEqualTo(1);
		assertThat(after.err()).contains("modelhost login");
	}

	@Test
	void trainsFromCsvAndWaitsForTheLeaderboard() throws IOException {
		String user = register();
		String token = signedInToken(user);
		Run train = cli("", Map.of("MODELHOST_TOKEN", token, "MODELHOST_URL", base()), "train", "--dataset",
				IRIS_CSV.toString(), "--target", "species", "--name", "iris-cli", "--budget", "5", "--folds", "3",
				"--wait");
		assertThat(train.exit()).as(train.toString()).isZero();
		assertThat(train.out()).contains("RANK", "ALGORITHM", "ACCURACY", "Endpoint:");
		assertThat(train.err()).contains("Training: ");
		JsonNode model = signedIn(user).get("/api/v1/models?name=iris-cli").json().get("items").get(0);
		assertThat(train.out()).contains(model.get("endpoint_url").asString());
		assertThat(signedIn(user).get("/api/v1/models/" + model.get("id").asString() + "/training").status())
			.isEqualTo(200);

		Run datasets = cli("", Map.of("MODELHOST_TOKEN", token, "MODELHOST_URL", base()), "datasets", "list", "-o",
				"json");
		assertThat(datasets.exit()).as(datasets.toString()).isZero();
		JsonNode dataset = JSON.readTree(datasets.out()).get("items").get(0);
		assertThat(dataset.get("rows").asLong()).isEqualTo(150);
		Run show = cli("", Map.of("MODELHOST_TOKEN", token, "MODELHOST_URL", base()), "datasets", "show",
				dataset.get("id").asString());
		assertThat(show.out()).contains("Rows:    150", "species", "category");
	}

	@Test
	void promotesAndRollsBackVersions() {
		String user = register();
		Map<String, String> env = Map.of("MODELHOST_TOKEN", signedInToken(user), "MODELHOST_URL", base());
		String file = Fixtures.model("sklearn/iris_rf.joblib").toString();
		assertThat(cli("", env, "deploy", file, "--name", "versions", "--description", "first").exit()).isZero();
		Run second = cli("", env, "deploy", file, "--version-of", "versions");
		assertThat(second.exit()).as(second.toString()).isZero();
		ApiClient api = signedIn(user);
		String id = api.get("/api/v1/models?name=versions").json().get("items").get(0).get("id").asString();
		assertThat(api.get("/api/v1/models/" + id).json().get("latest_version").asInt()).isEqualTo(2);

		Run rollback = cli("", env, "models", "rollback", "versions");
		assertThat(rollback.exit()).as(rollback.toString()).isZero();
		assertThat(rollback.out()).contains("now serves version 1");
		assertThat(api.get("/api/v1/models/" + id).json().get("version").asInt()).isEqualTo(1);
		Run nothingBefore = cli("", env, "models", "rollback", id);
		assertThat(nothingBefore.exit()).as(nothingBefore.toString()).isEqualTo(2);
		Run promote = cli("", env, "models", "promote", id, "2");
		assertThat(promote.exit()).as(promote.toString()).isZero();
		assertThat(api.get("/api/v1/models/" + id).json().get("version").asInt()).isEqualTo(2);
		Run missing = cli("", env, "models", "promote", id, "7");
		assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
		assertThat(missing.err()).contains("(404)");

		Run archive = cli("", env, "models", "delete", "versions");
		assertThat(archive.exit()).as(archive.toString()).isZero();
		assertThat(api.get("/api/v1/models/" + id).json().path("archived_at").isString()).isTrue();
		assertThat(api.post("/api/v1/models/" + id + "/predict", Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2))))
			.status()).isEqualTo(404);
		Run restore = cli("", env, "models", "restore", "versions");
		assertThat(restore.exit()).as(restore.toString()).isZero();
		assertThat(api.post("/api/v1/models/" + id + "/predict", Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2))))
			.status()).isEqualTo(200);
	}

	@Test
	void aRefusedFileExitsWithTwoAndTheServersReason() throws IOException {
		String user = register();
		String token = signedInToken(user);
		Path notAModel = this.work.resolve("notes.txt");
		Files.writeString(notAModel, "these are my notes, not a model\n");
		JsonNode problem = signedIn(user)
			.upload("/api/v1/models", notAModel, null, Map.of("name", "notes", "description", "not a model"))
			.json();
		Run deploy = cli("", Map.of("MODELHOST_TOKEN", token, "MODELHOST_URL", base()), "deploy", notAModel.toString(),
				"--name", "notes2", "--description", "not a model");
		assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(2);
		assertThat(deploy.err()).contains(problem.get("title").asString(), problem.get("detail").asString());
		if (problem.has("hint")) {
			assertThat(deploy.err()).contains("Hint: " + problem.get("hint").asString());
		}
		assertThat(deploy.err()).doesNotContain("Exception", "\tat ");
		assertThat(deploy.out()).isEmpty();
	}

	@Test
	void anUnreachableServerExitsWithThreeAndUsageErrorsWithOne() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		Run unreachable = cli("", Map.of("MODELHOST_TOKEN", "anything"), "models", "list", "--url",
				"http://127.0.0.1:" + closed);
		assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(3);
		assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:" + closed).doesNotContain("\tat ");

		Run unknown = cli("", Map.of(), "modles", "list");
		assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(1);
		Run missing = cli("", Map.of(), "predict", "iris");
		assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
		assertThat(missing.err()).contains("--json", "--csv", "--image");
	}

	@Test
	void deploysAnImageModelAndClassifiesPictures() throws IOException {
		String user = register();
		Map<String, String> env = Map.of("MODELHOST_TOKEN", signedInToken(user), "MODELHOST_URL", base());
		Run deploy = cli("", env, "deploy", Fixtures.model(DigitPictures.MODEL).toString(), "--name", "digits",
				"--description", "handwritten digits", "--image-input", DigitPictures.IMAGE_INPUT);
		assertThat(deploy.exit()).as(deploy.toString()).isZero();
		List<byte[]> pngs = DigitPictures.pngs();
		List<String> files = new ArrayList<>();
		for (int i = 0; i < pngs.size(); i++) {
			Path png = this.work.resolve(i + ".png");
			Files.write(png, pngs.get(i));
			files.add(png.toString());
		}
		List<String> args = new ArrayList<>(List.of("predict", "digits", "-o", "json", "--image"));
		args.addAll(files);
		Run predict = cli("", env, args.toArray(String[]::new));
		assertThat(predict.exit()).as(predict.toString()).isZero();
		assertThat(JSON.readTree(predict.out()).get("predictions").valueStream().map(JsonNode::asString).toList())
			.containsExactlyElementsOf(DigitPictures.expectedLabels());
	}

	@Test
	void printsItsBashCompletion() {
		Run completion = cli("", Map.of(), "completion");
		assertThat(completion.exit()).as(completion.toString()).isZero();
		assertThat(completion.out()).contains("complete -F", "modelhost", "deploy", "predict", "datasets");
	}

	@Test
	void theLauncherScriptRunsThePackagedJar() throws IOException, InterruptedException {
		Path jar = packagedJar();
		assumeTrue(jar != null, "the cli module is not packaged (a narrow run): nothing for the launcher to find");
		Path script = jar.getParent().resolveSibling("bin").resolve("modelhost");
		ProcessBuilder builder = new ProcessBuilder("sh", script.toString(), "--version")
			.redirectOutput(this.work.resolve("version.txt").toFile())
			.redirectErrorStream(true);
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String version = Files.readString(this.work.resolve("version.txt"));
		assertThat(process.exitValue()).as(version).isZero();
		assertThat(version).startsWith("modelhost 0.");
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private String register() {
		String name = "cli" + USERS.incrementAndGet() + "_" + Long.toHexString(System.nanoTime());
		ApiClient.Response registered = anonymous().post("/api/v1/auth/register",
				Map.of("username", name, "email", name + "@example.com", "password", PASSWORD));
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		return name;
	}

	private String signedInToken(String user) {
		ApiClient.Response login = anonymous().post("/api/v1/auth/login",
				Map.of("username", user, "password", PASSWORD));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return login.json().get("access_token").asString();
	}

	private ApiClient signedIn(String user) {
		return anonymous().withToken(signedInToken(user));
	}

	private static List<Double> row(String line) {
		return Stream.of(line.split(",")).limit(4).map(Double::valueOf).toList();
	}

	/** A finished run of the CLI: its exit code and what it printed. */
	record Run(int exit, String out, String err) {
	}

	/**
	 * Runs the CLI with only the environment given (and its own configuration directory).
	 */
	private Run cli(String stdin, Map<String, String> env, String... args) {
		List<String> command = new ArrayList<>(launcher());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.work.toFile());
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("MODELHOST_"));
		environment.put("XDG_CONFIG_HOME", this.configHome.toString());
		environment.putAll(env);
		try {
			Path out = Files.createTempFile(this.work, "out", ".txt");
			Path err = Files.createTempFile(this.work, "err", ".txt");
			Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
			process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
			process.getOutputStream().close();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("the CLI did not finish within 120 s: " + command);
			}
			return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private static List<String> launcher() {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path jar = packagedJar();
		if (jar != null) {
			return List.of(java, "-jar", jar.toString());
		}
		// the class path as an argument file: it can be longer than one argument may be
		try {
			Path arguments = Files.createTempFile("modelhost-cli-", ".args");
			arguments.toFile().deleteOnExit();
			Files.writeString(arguments,
					"-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
			return List.of(java, "@" + arguments, Modelhost.class.getName());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The packaged jar, if it is at least as new as every compiled class of the CLI. */
	static @Nullable Path packagedJar() {
		Path target = Path.of(System.getProperty("user.dir")).resolveSibling("cli").resolve("target");
		Path jar = target.resolve("modelhost-cli.jar");
		Path classes = target.resolve("classes");
		if (!Files.isRegularFile(jar) || !Files.isDirectory(classes)) {
			return null;
		}
		try (Stream<Path> files = Files.walk(classes)) {
			FileTime built = Files.getLastModifiedTime(jar);
			boolean fresh = files.filter(Files::isRegularFile).allMatch((file) -> {
				try {
					return Files.getLastModifiedTime(file).compareTo(built) <= 0;
				}
				catch (IOException ex) {
					return false;
				}
			});
			return fresh ? jar : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}

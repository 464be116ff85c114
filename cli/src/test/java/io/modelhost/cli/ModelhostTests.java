package io.modelhost.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ModelhostTests {

	private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	@TempDir
	Path config;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	private final Map<String, String> env = new HashMap<>();

	@BeforeEach
	void configHome() {
		this.env.put("XDG_CONFIG_HOME", this.config.toString());
	}

	@Test
	void helpAndVersionExitWithZero() {
		assertThat(run("--help")).isZero();
		assertThat(this.out.toString()).contains("Usage: modelhost", "deploy", "predict", "Exit codes");
		assertThat(run("--version")).isZero();
	}

	@Test
	void usageErrorsExitWithOne() {
		assertThat(run()).isEqualTo(ExitCodes.USAGE);
		assertThat(run("deploy")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("Missing required parameter: 'FILE'");
		assertThat(run("models", "list", "--output", "yaml")).isEqualTo(ExitCodes.USAGE);
		assertThat(run("predikt", "iris")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("Did you mean", "predict");
		assertThat(run("stats", "iris", "--period", "a while")).isEqualTo(ExitCodes.USAGE);
	}

	@Test
	void withoutALoginCommandsSayHowToLogIn() {
		assertThat(run("models", "list")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("modelhost login");
	}

	@Test
	void aMissingFileIsAUsageError() {
		this.env.put("MODELHOST_TOKEN", "token");
		assertThat(run("deploy", this.config.resolve("missing.pkl").toString(), "--name", "m")).isEqualTo(1);
		assertThat(this.err.toString()).contains("no such file");
	}

	@Test
	void anUnreachableServerExitsWithThree() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		this.env.put("MODELHOST_URL", "http://127.0.0.1:" + port);
		this.env.put("MODELHOST_API_KEY", "mh_key");
		assertThat(run("predict", "0b6f8c3e-6c1a-4a7e-9d5e-3f1b2a4c5d6e", "--json", "{\"inputs\": [[1]]}"))
			.isEqualTo(ExitCodes.UNREACHABLE);
		assertThat(this.err.toString()).startsWith("modelhost: cannot reach http://127.0.0.1:" + port + ": ");
	}

	@Test
	void anApiKeyCannotNameAModel() {
		this.env.put("MODELHOST_API_KEY", "mh_key");
		assertThat(run("predict", "iris", "--json", "{}")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("by its id");
	}

	@Test
	void theUrlComesFromTheOptionTheEnvironmentTheLoginOrTheDefault() {
		Modelhost modelhost = modelhost();
		assertThat(modelhost.url()).isEqualTo(Modelhost.DEFAULT_URL);
		Config.of(this.env).write(new Config.Login("https://models.example.com/", "ada", "refresh", null, null));
		assertThat(modelhost.url()).isEqualTo("https://models.example.com");
		this.env.put("MODELHOST_URL", "http://10.0.0.5:8080");
		assertThat(modelhost.url()).isEqualTo("http://10.0.0.5:8080");
		modelhost.url = "http://localhost:9000/";
		assertThat(modelhost.url()).isEqualTo("http://localhost:9000");
		modelhost.url = "ftp://example.com";
		assertThatExceptionOfType(CliException.class).isThrownBy(modelhost::url).withMessageContaining("http(s)");
	}

	@Test
	void theLoginIsStoredForItsOwnerOnly() throws IOException {
		Config config = Config.of(this.env);
		assertThat(config.file()).isEqualTo(this.config.resolve("modelhost/login.json"));
		Config.Login login = new Config.Login("http://localhost:8080", "ada", "", null, null).withTokens(
				Json.MAPPER.readTree("{\"access_token\": \"a\", \"refresh_token\": \"r\", \"expires_in\": 1800}"), NOW);
		config.write(login);
		assertThat(Files.getPosixFilePermissions(config.file()))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(config.file().getParent()))
			.isEqualTo(PosixFilePermissions.fromString("rwx------"));
		assertThat(config.read()).contains(login);
		assertThat(login.accessValid(NOW.plus(Duration.ofMinutes(29)))).isTrue();
		assertThat(login.accessValid(NOW.plus(Duration.ofMinutes(30)))).isFalse();
		assertThat(config.delete()).isTrue();
		assertThat(config.read()).isEmpty();
	}

	@Test
	void readsPeriods() {
		assertThat(StatsCommand.period("30m")).isEqualTo(Duration.ofMinutes(30));
		assertThat(StatsCommand.period("6h")).isEqualTo(Duration.ofHours(6));
		assertThat(StatsCommand.period("7d")).isEqualTo(Duration.ofDays(7));
		assertThat(StatsCommand.period("2W")).isEqualTo(Duration.ofDays(14));
	}

	@Test
	void rollsBackToTheNewestVersionBeforeTheServedOne() {
		var versions = Json.MAPPER.readTree("[{\"version\": 5}, {\"version\": 3}, {\"version\": 1}]");
		assertThat(ModelsCommand.previous(versions, 5)).isEqualTo(3);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ModelsCommand.previous(versions, 1))
			.withMessageContaining("no version before version 1");
	}

	@Test
	void printsACompletionScript() {
		assertThat(run("completion")).isZero();
		assertThat(this.out.toString()).contains("complete -F", "login", "logout", "rollback", "regenerate");
	}

	private Modelhost modelhost() {
		return new Modelhost(this.env, new PrintWriter(this.out, true), new PrintWriter(this.err, true),
				new ByteArrayInputStream(new byte[0]), null, false, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private int run(String... args) {
		return Modelhost.execute(modelhost(), args);
	}

}

package io.modelhost.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console logs are human-readable by default, and one JSON object per line on the
 * {@code postgres} profile and with {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} (as in
 * the container image). Each case starts the application's configuration files in a JVM
 * of its own, since logging is configured once per JVM and the other tests share theirs.
 */
class StructuredLoggingTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MESSAGE = "structured logging probe";

	@Test
	void plainLinesByDefault() throws Exception {
		String line = logLine(List.of(), List.of());
		assertThat(line).doesNotStartWith("{").contains(" INFO ").contains("[modelhost]").endsWith(": " + MESSAGE);
	}

	@Test
	void jsonLinesOnThePostgresProfile() throws Exception {
		JsonNode line = JSON.readTree(logLine(List.of("--spring.profiles.active=postgres"), List.of()));
		assertThat(line.get("message").asString()).isEqualTo(MESSAGE);
		assertThat(line.get("log").get("level").asString()).isEqualTo("INFO");
		assertThat(line.get("log").get("logger").asString()).isEqualTo(Probe.class.getName());
		assertThat(line.get("service").get("name").asString()).isEqualTo("modelhost");
		assertThat(line.get("@timestamp").asString()).isNotBlank();
	}

	@Test
	void jsonLinesFromTheEnvironmentAsInTheImage() throws Exception {
		JsonNode line = JSON.readTree(logLine(List.of(), List.of("LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs")));
		assertThat(line.get("message").asString()).isEqualTo(MESSAGE);
		assertThat(line.get("ecs").get("version").asString()).isNotBlank();
	}

	/**
	 * Runs {@link Probe} in a new JVM and returns the console line holding its message.
	 */
	private static String logLine(List<String> arguments, List<String> environment)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), Probe.class.getName()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("LOGGING_STRUCTURED_FORMAT_CONSOLE");
		builder.environment().remove("SPRING_PROFILES_ACTIVE");
		for (String variable : environment) {
			String[] parts = variable.split("=", 2);
			builder.environment().put(parts[0], parts[1]);
		}
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		List<String> lines = output.lines().filter((l) -> l.contains(MESSAGE)).toList();
		assertThat(lines).as(output).hasSize(1);
		return lines.getFirst();
	}

	/** Starts the application's configuration (no beans) and logs one line. */
	@Configuration(proxyBeanMethods = false)
	static class Probe {

		public static void main(String[] args) {
			try (var context = new SpringApplicationBuilder(Probe.class).web(WebApplicationType.NONE).run(args)) {
				LoggerFactory.getLogger(Probe.class).info(MESSAGE);
			}
		}

	}

}

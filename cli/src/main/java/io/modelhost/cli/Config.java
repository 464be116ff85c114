package io.modelhost.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored login: {@code $XDG_CONFIG_HOME/modelhost/login.json}, or
 * {@code ~/.config/modelhost/login.json}, readable by its owner only (0600, in a 0700
 * directory).
 */
final class Config {

	static final String FILE_NAME = "login.json";

	private final Path directory;

	Config(Path directory) {
		this.directory = directory;
	}

	/** The configuration directory the environment names. */
	static Config of(Map<String, String> env) {
		String xdg = env.get("XDG_CONFIG_HOME");
		Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg)
				: Path.of(System.getProperty("user.home"), ".config");
		return new Config(base.resolve("modelhost"));
	}

	Path file() {
		return this.directory.resolve(FILE_NAME);
	}

	/** A login: where, as whom, and its tokens. */
	record Login(String url, String username, String refreshToken, @Nullable String accessToken,
			@Nullable Instant accessExpiresAt) {

		/** Whether the access token is good for at least another 30 seconds. */
		boolean accessValid(Instant now) {
			return this.accessToken != null && this.accessExpiresAt != null
					&& now.plusSeconds(30).isBefore(this.accessExpiresAt);
		}

		/** This login with the tokens of a login or refresh answer. */
		Login withTokens(JsonNode tokens, Instant now) {
			return new Login(this.url, this.username, tokens.path("refresh_token").asString(),
					tokens.path("access_token").asString(), now.plusSeconds(tokens.path("expires_in").asLong(0)));
		}

	}

	Optional<Login> read() {
		Path file = file();
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			JsonNode json = Json.MAPPER.readTree(Files.readString(file));
			String expires = text(json, "access_expires_at");
			return Optional.of(new Login(json.path("url").asString(), json.path("username").asString(),
					json.path("refresh_token").asString(), text(json, "access_token"),
					(expires != null) ? Instant.parse(expires) : null));
		}
		catch (IOException | JacksonException | java.time.format.DateTimeParseException ex) {
			throw CliException.usage(
					"cannot read " + file + " (" + ex.getMessage() + "); run 'modelhost logout' " + "and log in again");
		}
	}

	void write(Login login) {
		ObjectNode json = Json.MAPPER.createObjectNode();
		json.put("url", login.url());
		json.put("username", login.username());
		json.put("refresh_token", login.refreshToken());
		json.put("access_token", login.accessToken());
		json.put("access_expires_at", (login.accessExpiresAt() != null) ? login.accessExpiresAt().toString() : null);
		try {
			createDirectory();
			Path temporary = this.directory.resolve(FILE_NAME + ".tmp");
			Files.deleteIfExists(temporary);
			if (posix()) {
				Files.createFile(temporary,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			Files.writeString(temporary, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json),
					StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
			try {
				Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file(), ex);
		}
	}

	/** Deletes the stored login; whether there was one. */
	boolean delete() {
		try {
			return Files.deleteIfExists(file());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete " + file(), ex);
		}
	}

	/**
	 * Runs the action holding a lock on the configuration directory, so that two commands
	 * never both spend the same refresh token (a reused refresh token ends the login).
	 */
	<T> T locked(Supplier<T> action) {
		try {
			createDirectory();
			try (FileChannel channel = FileChannel.open(this.directory.resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
				return action.get();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot lock " + this.directory, ex);
		}
	}

	private void createDirectory() throws IOException {
		if (Files.isDirectory(this.directory)) {
			return;
		}
		if (posix()) {
			Files.createDirectories(this.directory,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		else {
			Files.createDirectories(this.directory);
		}
	}

	private static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

	private static @Nullable String text(JsonNode json, String name) {
		JsonNode value = json.get(name);
		return (value == null || value.isNull()) ? null : value.asString();
	}

}

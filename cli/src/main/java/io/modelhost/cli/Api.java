package io.modelhost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The Modelhost HTTP API through the JDK's client: JSON in and out, problems turned into
 * {@link ApiException} (exit 2) and connection failures into exit 3.
 */
final class Api {

	/** The longest wait for an answer (a large download streams well within it). */
	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	/** The longest an upload, and the server's checks of it, may take. */
	private static final Duration UPLOAD_TIMEOUT = Duration.ofHours(1);

	private final HttpClient http;

	private final String base;

	private final Auth auth;

	private final Clock clock;

	private @Nullable String authorization;

	Api(String base, Auth auth, Clock clock) {
		this.base = normalize(base);
		this.auth = auth;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** How requests authenticate. */
	sealed interface Auth {

		/** No credentials (login, refresh). */
		record None() implements Auth {
		}

		/** An access token, from MODELHOST_TOKEN. */
		record Bearer(String token) implements Auth {
		}

		/** An API key, from MODELHOST_API_KEY. */
		record Key(String key) implements Auth {
		}

		/** The stored login, refreshed when its access token has expired. */
		record Stored(Config config) implements Auth {
		}

	}

	String base() {
		return this.base;
	}

	Auth auth() {
		return this.auth;
	}

	/** The base URL without a trailing slash; refused unless http or https. */
	static String normalize(String url) {
		String trimmed = url.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		try {
			URI uri = new URI(trimmed);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
				throw CliException.usage("'" + url + "' is not an http(s) URL (e.g. http://localhost:8080)");
			}
		}
		catch (URISyntaxException ex) {
			throw CliException.usage("'" + url + "' is not a URL: " + ex.getReason());
		}
		return trimmed;
	}

	JsonNode get(String path) {
		return json(request(path).GET());
	}

	JsonNode post(String path, @Nullable JsonNode body) {
		return json(withBody(request(path), "POST", body));
	}

	JsonNode put(String path, JsonNode body) {
		return json(withBody(request(path), "PUT", body));
	}

	JsonNode patch(String path, JsonNode body) {
		return json(withBody(request(path), "PATCH", body));
	}

	JsonNode delete(String path) {
		return json(request(path).DELETE());
	}

	/** A multipart upload, reporting the bytes sent to the progress bar. */
	JsonNode upload(String path, Multipart form, Progress progress) {
		long total = form.length();
		HttpRequest.Builder request = request(path).timeout(UPLOAD_TIMEOUT)
			.header("Content-Type", form.contentType())
			.POST(form.publisher((sent) -> progress.bytes(sent, total)));
		try {
			return json(request);
		}
		finally {
			progress.close();
		}
	}

	/** Sends an unauthenticated JSON request (login, refresh, logout). */
	JsonNode anonymous(String path, JsonNode body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(TIMEOUT)
			.header("Accept", "application/json");
		return json(withBody(request, "POST", body));
	}

	/** Streams a successful answer's body (UTF-8 text) to {@code out}. */
	void download(String path, String accept, Writer out) {
		HttpResponse<InputStream> response = send(request(path).header("Accept", accept).GET(),
				HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			if (response.statusCode() >= 400) {
				throw refused(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
			}
			new InputStreamReader(body, StandardCharsets.UTF_8).transferTo(out);
			out.flush();
		}
		catch (IOException ex) {
			throw CliException.unreachable("the connection to " + this.base + " broke: " + message(ex));
		}
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path))
			.timeout(TIMEOUT)
			.header("Accept", "application/json");
		switch (this.auth) {
			case Auth.None none -> {
			}
			case Auth.Bearer bearer -> builder.header("Authorization", "Bearer " + bearer.token());
			case Auth.Key key -> builder.header("X-API-Key", key.key());
			case Auth.Stored stored -> builder.header("Authorization", storedAuthorization(stored.config()));
		}
		return builder;
	}

	private URI uri(String path) {
		try {
			return new URI(this.base + path);
		}
		catch (URISyntaxException ex) {
			throw CliException.usage("not a valid request path: " + path);
		}
	}

	private synchronized String storedAuthorization(Config config) {
		if (this.authorization == null) {
			this.authorization = "Bearer " + token(config, null);
		}
		return this.authorization;
	}

	/**
	 * The stored access token while it is valid and not the one refused, else a refreshed
	 * one (stored for the next commands). Under the configuration's lock, so that another
	 * command's refresh is seen rather than repeated.
	 */
	private String token(Config config, @Nullable String refused) {
		return config.locked(() -> {
			Config.Login login = config.read()
				.orElseThrow(() -> CliException
					.usage("not logged in: run 'modelhost login', or set MODELHOST_API_KEY or MODELHOST_TOKEN"));
			if (login.accessValid(this.clock.instant()) && !login.accessToken().equals(refused)) {
				return login.accessToken();
			}
			JsonNode tokens;
			try {
				tokens = anonymous("/api/v1/auth/refresh",
						Json.MAPPER.createObjectNode().put("refresh_token", login.refreshToken()));
			}
			catch (ApiException ex) {
				if (ex.status() == 401) {
					throw new ApiException("your login has ended (expired, logged out elsewhere or the password "
							+ "changed): run 'modelhost login' again");
				}
				throw ex;
			}
			Config.Login refreshed = login.withTokens(tokens, this.clock.instant());
			config.write(refreshed);
			return refreshed.accessToken();
		});
	}

	/**
	 * After a 401 with the stored login (its access token expired during a long command,
	 * or was ended): the authorization to try once more with, or null if there is none
	 * newer.
	 */
	private synchronized @Nullable String renewedAuthorization(String used) {
		if (!(this.auth instanceof Auth.Stored stored) || !used.startsWith("Bearer ")) {
			return null;
		}
		String renewed = "Bearer " + token(stored.config(), used.substring("Bearer ".length()));
		if (renewed.equals(used)) {
			return null;
		}
		this.authorization = renewed;
		return renewed;
	}

	private static HttpRequest.Builder withBody(HttpRequest.Builder request, String method, @Nullable JsonNode body) {
		if (body == null) {
			return request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return request.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
	}

	private JsonNode json(HttpRequest.Builder request) {
		HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		String used = response.request().headers().firstValue("Authorization").orElse(null);
		if (response.statusCode() == 401 && used != null) {
			String renewed = renewedAuthorization(used);
			if (renewed != null) {
				response = send(request.setHeader("Authorization", renewed),
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			}
		}
		if (response.statusCode() >= 400) {
			throw refused(response.statusCode(), response.body());
		}
		String body = response.body();
		if (body == null || body.isBlank()) {
			return MissingNode.getInstance();
		}
		try {
			return Json.MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ApiException("the server at " + this.base + " answered " + response.statusCode()
					+ " with something that is not JSON: is it a Modelhost server?");
		}
	}

	private static ApiException refused(int status, String body) {
		JsonNode problem = null;
		try {
			problem = Json.MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			// not a problem document: shown as text
		}
		return new ApiException(status, problem, body);
	}

	private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
		try {
			return this.http.send(request.build(), handler);
		}
		catch (ConnectException ex) {
			throw CliException.unreachable("cannot reach " + this.base + ": " + connectFailure(ex));
		}
		catch (HttpConnectTimeoutException ex) {
			throw CliException.unreachable("cannot reach " + this.base + ": no answer to connecting");
		}
		catch (HttpTimeoutException ex) {
			throw CliException.unreachable(this.base + " did not answer in time");
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof UncheckedIOException file) {
				throw CliException.usage("cannot read the file: " + message(file.getCause()));
			}
			throw CliException.unreachable("cannot reach " + this.base + ": " + message(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw CliException.unreachable("interrupted");
		}
	}

	/** Why connecting failed, in words: the JDK's exception often has no message. */
	static String connectFailure(ConnectException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.nio.channels.UnresolvedAddressException
					|| cause instanceof java.net.UnknownHostException) {
				return "unknown host";
			}
		}
		return (ex.getMessage() != null) ? ex.getMessage() : "connection refused";
	}

	private static String message(Throwable ex) {
		Throwable cause = ex;
		while (cause.getMessage() == null && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

}

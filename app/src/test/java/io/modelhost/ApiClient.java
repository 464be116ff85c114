package io.modelhost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against the running application: JSON and multipart, with optional
 * credentials.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final Map<String, String> headers;

	ApiClient(String base, Map<String, String> headers) {
		this.base = base;
		this.headers = Map.copyOf(headers);
	}

	/** A client without credentials. */
	public static ApiClient anonymous(int port) {
		return new ApiClient("http://127.0.0.1:" + port, Map.of());
	}

	/**
	 * Registers a new user on the server at {@code port} and returns a client signed in
	 * as them, for tests that run a server of their own.
	 */
	public static ApiClient newUser(int port, String prefix) {
		ApiClient anonymous = anonymous(port);
		String name = prefix + "_" + Long.toHexString(System.nanoTime());
		Response registered = anonymous.post("/api/v1/auth/register",
				Map.of("username", name, "email", name + "@example.com", "password", "a password that is long"));
		if (registered.status() != 201) {
			throw new IllegalStateException("registration failed: " + registered);
		}
		Response login = anonymous.post("/api/v1/auth/login",
				Map.of("username", name, "password", "a password that is long"));
		return anonymous.withToken(login.json().get("access_token").asString());
	}

	public ApiClient withToken(String token) {
		return with("Authorization", "Bearer " + token);
	}

	public ApiClient withApiKey(String key) {
		return with("X-API-Key", key);
	}

	public ApiClient with(String header, String value) {
		var all = new LinkedHashMap<>(this.headers);
		all.put(header, value);
		return new ApiClient(this.base, all);
	}

	/** A header this client sends, e.g. {@code Authorization}. */
	public String header(String name) {
		return this.headers.get(name);
	}

	public String base() {
		return this.base;
	}

	public Response get(String path) {
		return send(request(path).GET().build());
	}

	public Response delete(String path) {
		return send(request(path).DELETE().build());
	}

	public Response post(String path, Object json) {
		return sendJson("POST", path, json);
	}

	public Response patch(String path, Object json) {
		return sendJson("PATCH", path, json);
	}

	public Response put(String path, Object json) {
		return sendJson("PUT", path, json);
	}

	/** Any method with a JSON body. */
	public Response send(String method, String path, Object json) {
		return sendJson(method, path, json);
	}

	/** POSTs a raw body with the given content type. */
	public Response postRaw(String path, String contentType, byte[] body) {
		return send(request(path).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
	}

	private Response sendJson(String method, String path, Object json) {
		String body = (json instanceof String text) ? text : JSON.writeValueAsString(json);
		return send(request(path).header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/** A multipart upload; null fields are left out. */
	public Response upload(String path, @Nullable Path file, @Nullable String filename, Map<String, String> fields) {
		String boundary = "----modelhost" + UUID.randomUUID();
		var body = new ByteArrayOutputStream();
		try {
			for (var field : fields.entrySet()) {
				body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
						+ "\"\r\n\r\n" + field.getValue() + "\r\n")
					.getBytes(StandardCharsets.UTF_8));
			}
			if (file != null) {
				body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
						+ ((filename != null) ? filename : file.getFileName()) + "\"\r\n"
						+ "Content-Type: application/octet-stream\r\n\r\n")
					.getBytes(StandardCharsets.UTF_8));
				body.writeBytes(Files.readAllBytes(file));
				body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
			}
			body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(60));
		this.headers.forEach(builder::header);
		return builder;
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A response: status, content type, body, headers. */
	public record Response(int status, String contentType, String body, Map<String, java.util.List<String>> headers) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public @Nullable String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().getFirst())
				.findFirst()
				.orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}

package io.modelhost.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A browser without JavaScript over real HTTP: keeps the session cookie, follows no
 * redirects, and posts forms with the CSRF token of the last page it read (unless told
 * not to).
 */
final class PageClient {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	/** What a browser accepts when it loads a page. */
	private static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	/** The client address a trusted proxy says each request comes from, if any. */
	private final @Nullable String forwardedFor;

	private @Nullable String csrf;

	PageClient(int port) {
		this(port, null);
	}

	/**
	 * A browser behind a proxy: each request says, in {@code X-Forwarded-For}, that it
	 * comes from this address.
	 */
	PageClient(int port, @Nullable String forwardedFor) {
		this.base = "http://127.0.0.1:" + port;
		this.forwardedFor = forwardedFor;
	}

	/** Signs up a new user through the sign-up page; the client is then signed in. */
	static PageClient signedUp(int port, String username) {
		return signedUp(port, username, null);
	}

	/**
	 * Signs up a new user through the sign-up page, behind a proxy that forwards this
	 * client address; the client is then signed in.
	 */
	static PageClient signedUp(int port, String username, @Nullable String forwardedFor) {
		var client = new PageClient(port, forwardedFor);
		client.get("/signup");
		Page page = client.post("/signup",
				Map.of("username", username, "email", username + "@example.com", "password", "correct horse battery"));
		if (page.status() != 302 || !page.location().endsWith("/models")) {
			throw new IllegalStateException("sign-up failed: " + page);
		}
		return client;
	}

	/**
	 * The id of this browser's session, as the server knows it (Spring Session's cookie
	 * is base64).
	 */
	String sessionId() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("SESSION"))
			.map((cookie) -> new String(java.util.Base64.getDecoder().decode(cookie.getValue()),
					StandardCharsets.UTF_8))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no session cookie"));
	}

	Page get(String path) {
		Page page = send(HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", HTML).GET());
		Matcher token = CSRF.matcher(page.body());
		if (token.find()) {
			this.csrf = token.group(1);
		}
		return page;
	}

	/** Posts a form with the CSRF token of the last page read. */
	Page post(String path, Map<String, String> fields) {
		var all = new LinkedHashMap<>(fields);
		if (this.csrf != null) {
			all.put("_csrf", this.csrf);
		}
		return postWithoutCsrf(path, all);
	}

	/** Posts a form as given: no CSRF token unless the fields hold one. */
	Page postWithoutCsrf(String path, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", HTML)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Posts a multipart form with one file, and the CSRF token of the last page read. */
	Page upload(String path, Path file, Map<String, String> fields) {
		String boundary = "----page" + UUID.randomUUID();
		var body = new ByteArrayOutputStream();
		var all = new LinkedHashMap<>(fields);
		if (this.csrf != null) {
			all.put("_csrf", this.csrf);
		}
		all.forEach((name, value) -> body.writeBytes(
				("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
					.getBytes(StandardCharsets.UTF_8)));
		try {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
					+ file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			body.writeBytes(Files.readAllBytes(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", HTML)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	/** A GET with extra headers, e.g. to call the JSON API with the session's cookie. */
	Page get(String path, String header, String value) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).header(header, value).GET());
	}

	/** A GET with these headers only (no session header is added beyond the cookie). */
	Page get(String path, Map<String, String> headers) {
		var request = HttpRequest.newBuilder(URI.create(this.base + path)).GET();
		headers.forEach(request::header);
		return send(request);
	}

	private Page send(HttpRequest.Builder request) {
		if (this.forwardedFor != null) {
			request.header("X-Forwarded-For", this.forwardedFor);
		}
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(""),
					response.headers().firstValue("Content-Type").orElse(""), response.body(),
					response.headers().firstValue("Retry-After").orElse(""), response.headers());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response: status, redirect target, content type, body, {@code Retry-After}, and
	 * every header.
	 */
	record Page(int status, String location, String contentType, String body, String retryAfter, HttpHeaders headers) {

		@Override
		public String toString() {
			return this.status + " " + this.location + " " + this.body.substring(0, Math.min(this.body.length(), 500));
		}

	}

}

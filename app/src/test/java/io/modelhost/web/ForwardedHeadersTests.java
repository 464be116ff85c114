package io.modelhost.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard behind a TLS-terminating proxy on loopback (trusted by default): a
 * request the proxy says came over HTTPS gets a {@code Secure} session cookie and links
 * and redirects to the address the browser used; a request without the proxy's headers
 * (plain HTTP, the embedded default) a cookie without {@code Secure}.
 * {@link UntrustedForwardedHeadersTests} sends the same headers from an address that is
 * not trusted.
 */
class ForwardedHeadersTests extends HttpTests {

	static final Map<String, String> HTTPS_PROXY = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host",
			"models.example.com");

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@Test
	void signInThroughAnHttpsProxySetsASecureSessionCookie() {
		String name = userName(newUser());
		List<String> cookies = signIn(this.port, name, HTTPS_PROXY);
		assertThat(cookies).isNotEmpty().allSatisfy((cookie) -> assertThat(cookie).contains("; Secure"));
	}

	@Test
	void signInOverPlainHttpSetsACookieWithoutSecure() {
		String name = userName(newUser());
		List<String> cookies = signIn(this.port, name, Map.of());
		assertThat(cookies).isNotEmpty()
			.allSatisfy((cookie) -> assertThat(cookie).doesNotContainIgnoringCase("secure"));
	}

	@Test
	void redirectsAndLinksNameTheAddressTheBrowserUsed() {
		HttpResponse<String> toLogin = send(this.port, HttpRequest.newBuilder(uri(this.port, "/models")).GET(),
				HTTPS_PROXY, null);
		assertThat(toLogin.statusCode()).isEqualTo(302);
		assertThat(toLogin.headers().firstValue("Location")).hasValue("https://models.example.com/login");

		ApiClient admin = admin();
		for (var header : HTTPS_PROXY.entrySet()) {
			admin = admin.with(header.getKey(), header.getValue());
		}
		ApiClient.Response invitation = admin.post("/api/v1/admin/invitations", Map.of());
		assertThat(invitation.status()).as(invitation.toString()).isEqualTo(201);
		assertThat(invitation.json().get("url").asString()).startsWith("https://models.example.com/signup?invitation=");
		assertThat(admin().post("/api/v1/admin/invitations", Map.of()).json().get("url").asString())
			.startsWith("http://127.0.0.1:" + this.port + "/signup");
	}

	/**
	 * Signs in through the login form, sending the headers with both requests, and
	 * returns every {@code Set-Cookie} the two answers carry.
	 */
	static List<String> signIn(int port, String username, Map<String, String> headers) {
		HttpResponse<String> form = send(port, HttpRequest.newBuilder(uri(port, "/login")).GET(), headers, null);
		assertThat(form.statusCode()).isEqualTo(200);
		List<String> cookies = new java.util.ArrayList<>(form.headers().allValues("Set-Cookie"));
		Matcher csrf = CSRF.matcher(form.body());
		assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
		String session = sessionCookie(cookies);
		String body = Map.of("username", username, "password", "correct horse battery", "_csrf", csrf.group(1))
			.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpResponse<String> signedIn = send(port,
				HttpRequest.newBuilder(uri(port, "/login"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(body)),
				headers, session);
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location").orElse("")).as("signed in, not refused")
			.endsWith("/models");
		List<String> issued = signedIn.headers().allValues("Set-Cookie");
		assertThat(issued).as("a new session id at sign-in").anyMatch((cookie) -> cookie.startsWith("SESSION="));
		cookies.addAll(issued);
		return cookies;
	}

	private static String sessionCookie(List<String> cookies) {
		return cookies.stream()
			.filter((cookie) -> cookie.startsWith("SESSION="))
			.map((cookie) -> cookie.substring(0, cookie.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie in " + cookies));
	}

	static HttpResponse<String> send(int port, HttpRequest.Builder request, Map<String, String> headers,
			String cookie) {
		// a browser that keeps its own cookies: java.net's cookie store would not send a
		// Secure cookie back over http://, which is what the proxy speaks to the server
		headers.forEach(request::header);
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		request.header("Accept", "text/html");
		try (HttpClient http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build()) {
			return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	static String userName(ApiClient user) {
		return user.get("/api/v1/auth/me").json().get("username").asString();
	}

}

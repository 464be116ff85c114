package io.modelhost.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.modelhost.ApiClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh installation with sign-up closed and no administrator configured, over real
 * HTTP: the API and the sign-up page refuse, and the sign-in page says how to create the
 * first administrator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "modelhost.accounts.registration=closed")
class ClosedRegistrationTests {

	private static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
		Path dir = Files.createTempDirectory("modelhost-closed-");
		dir.toFile().deleteOnExit();
		registry.add("modelhost.data-dir", dir::toString);
	}

	@Test
	void theApiRefusesToRegister() {
		ApiClient anonymous = ApiClient.anonymous(this.port);
		ApiClient.Response refused = anonymous.post("/api/v1/auth/register",
				Map.of("username", "closed1", "email", "closed1@example.com", "password", PASSWORD));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).endsWith("/registration-closed");
		assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", "closed1", "password", PASSWORD)).status())
			.isEqualTo(401);
	}

	@Test
	void theSignUpPageSaysSignUpIsClosedAndShowsNoForm() {
		var client = new PageClient(this.port);
		PageClient.Page page = client.get("/signup");
		assertThat(page.status()).isEqualTo(403);
		assertThat(page.body()).contains("Sign-up is closed on this server").doesNotContain("<form");
		// a form posted anyway (with a session's CSRF token) is refused too
		client.get("/login");
		PageClient.Page posted = client.post("/signup",
				Map.of("username", "closed2", "email", "closed2@example.com", "password", PASSWORD));
		assertThat(posted.status()).isEqualTo(403);
		assertThat(posted.body()).contains("Sign-up is closed on this server");
		assertThat(ApiClient.anonymous(this.port)
			.post("/api/v1/auth/login", Map.of("username", "closed2", "password", PASSWORD))
			.status()).isEqualTo(401);
	}

	@Test
	void theSignInPageSaysHowToCreateTheFirstAdministrator() {
		PageClient.Page page = new PageClient(this.port).get("/login");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("No administrator exists yet")
			.contains("modelhost.accounts.admin.username")
			.doesNotContain("href=\"/signup\"");
	}

}

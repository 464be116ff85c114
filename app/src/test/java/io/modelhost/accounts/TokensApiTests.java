package io.modelhost.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import static org.assertj.core.api.Assertions.assertThat;

class TokensApiTests extends HttpTests {

	@Autowired
	JwtEncoder jwt;

	@Test
	void rotatesRefreshTokensAndRevokesTheFamilyWhenOneIsReused() {
		String name = register();
		JsonNode first = login(name, "correct horse battery").json();
		JsonNode second = anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", refresh(first))).json();
		assertThat(second.get("access_token").asString()).isNotBlank();
		assertThat(refresh(second)).isNotEqualTo(refresh(first));
		assertThat(anonymous().withToken(second.get("access_token").asString()).get("/api/v1/auth/me").status())
			.isEqualTo(200);

		ApiClient.Response reused = anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", refresh(first)));
		assertThat(reused.status()).isEqualTo(401);
		ApiClient.Response newest = anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", refresh(second)));
		assertThat(newest.status()).as("the whole family is revoked").isEqualTo(401);
		// another login of the same user is another family
		JsonNode other = login(name, "correct horse battery").json();
		assertThat(anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", refresh(other))).status())
			.isEqualTo(200);
	}

	@Test
	void logoutEndsTheLogin() {
		String name = register();
		JsonNode tokens = login(name, "correct horse battery").json();
		assertThat(anonymous().post("/api/v1/auth/logout", Map.of("refresh_token", refresh(tokens))).status())
			.isEqualTo(204);
		assertThat(anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", refresh(tokens))).status())
			.isEqualTo(401);
	}

	@Test
	void changingThePasswordEndsEveryLoginButKeepsTheChangerSignedIn() {
		String name = register();
		JsonNode tokens = login(name, "correct horse battery").json();
		JsonNode otherLogin = login(name, "correct horse battery").json();
		ApiClient user = anonymous().withToken(tokens.get("access_token").asString());
		ApiClient elsewhere = anonymous().withToken(otherLogin.get("access_token").asString());
		ApiClient.Response refused = user.post("/api/v1/auth/password",
				Map.of("current_password", "wrong one", "new_password", "a brand new passphrase"));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(elsewhere.get("/api/v1/auth/me").status()).as("a refused change ends nothing").isEqualTo(200);

		ApiClient.Response changed = user.post("/api/v1/auth/password",
				Map.of("current_password", "correct horse battery", "new_password", "a brand new passphrase"));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(user.get("/api/v1/auth/me").status()).as("the access token used to change it").isEqualTo(401);
		assertThat(elsewhere.get("/api/v1/auth/me").status()).as("another login's access token").isEqualTo(401);
		for (JsonNode old : List.of(tokens, otherLogin)) {
			assertThat(anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", refresh(old))).status())
				.isEqualTo(401);
		}
		ApiClient renewed = anonymous().withToken(changed.json().get("access_token").asString());
		assertThat(renewed.get("/api/v1/auth/me").json().get("username").asString()).isEqualTo(name);
		assertThat(anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", refresh(changed.json()))).status())
			.as("the new refresh token works")
			.isEqualTo(200);
		assertThat(login(name, "correct horse battery").status()).isEqualTo(401);
		assertThat(login(name, "a brand new passphrase").status()).isEqualTo(200);
	}

	@Test
	void throttlesPasswordChangesPerUser() {
		String name = register();
		ApiClient user = anonymous()
			.withToken(login(name, "correct horse battery").json().get("access_token").asString());
		for (int i = 0; i < 5; i++) {
			assertThat(user
				.post("/api/v1/auth/password",
						Map.of("current_password", "guess " + i, "new_password", "whatever it is"))
				.status()).isEqualTo(401);
		}
		ApiClient.Response throttled = user.post("/api/v1/auth/password",
				Map.of("current_password", "correct horse battery", "new_password", "a brand new passphrase"));
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 300);
		assertThat(throttled.json().get("type").asString()).endsWith("/too-many-password-changes");
		assertThat(login(name, "correct horse battery").status()).as("the password is unchanged").isEqualTo(200);

		String other = register();
		ApiClient otherUser = anonymous()
			.withToken(login(other, "correct horse battery").json().get("access_token").asString());
		assertThat(
				otherUser
					.post("/api/v1/auth/password",
							Map.of("current_password", "correct horse battery", "new_password",
									"a brand new passphrase"))
					.status())
			.as("another user is not throttled")
			.isEqualTo(200);
	}

	@Test
	void throttlesRepeatedFailedLoginsForOneAccountOnly() {
		String victim = register();
		String bystander = register();
		for (int i = 0; i < 5; i++) {
			assertThat(login(victim, "guess " + i).status()).isEqualTo(401);
		}
		ApiClient.Response throttled = login(victim, "correct horse battery");
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 300);
		assertThat(throttled.json().get("type").asString()).endsWith("/too-many-login-attempts");
		assertThat(login(bystander, "correct horse battery").status()).isEqualTo(200);
	}

	@Test
	void refusesTokensWithTheWrongIssuerAudienceOrLifetimeAndRefreshTokensAsBearers() {
		String name = register();
		JsonNode tokens = login(name, "correct horse battery").json();
		String subject = anonymous().withToken(tokens.get("access_token").asString())
			.get("/api/v1/auth/me")
			.json()
			.get("id")
			.asString();
		Instant now = Instant.now();
		assertThat(me(token(subject, "someone-else", List.of(Accounts.AUDIENCE), now.plusSeconds(600)))).isEqualTo(401);
		assertThat(me(token(subject, "modelhost", List.of("another-api"), now.plusSeconds(600)))).isEqualTo(401);
		assertThat(me(token(subject, "modelhost", List.of(Accounts.AUDIENCE), now.minusSeconds(120)))).isEqualTo(401);
		assertThat(me(token(subject, "modelhost", List.of(Accounts.AUDIENCE), now.plusSeconds(600)))).isEqualTo(200);
		assertThat(me(refresh(tokens))).isEqualTo(401);
	}

	private String token(String subject, String issuer, List<String> audience, Instant expires) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuer(issuer)
			.audience(audience)
			.issuedAt(expires.minusSeconds(1800))
			.expiresAt(expires)
			.build();
		return this.jwt.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	private int me(String token) {
		return anonymous().withToken(token).get("/api/v1/auth/me").status();
	}

	private String register() {
		String name = "tokens" + System.nanoTime();
		assertThat(
				anonymous()
					.post("/api/v1/auth/register",
							Map.of("username", name, "email", name + "@example.com", "password",
									"correct horse battery"))
					.status())
			.isEqualTo(201);
		return name;
	}

	private ApiClient.Response login(String name, String password) {
		return anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", password));
	}

	private static String refresh(JsonNode tokens) {
		return tokens.get("refresh_token").asString();
	}

}

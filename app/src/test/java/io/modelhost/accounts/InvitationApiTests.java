package io.modelhost.accounts;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.TestClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-up by invitation ({@code modelhost.accounts.registration=invite}) over real HTTP:
 * administrators create, list and revoke invitations; one registration uses one; a
 * missing, wrong, used, expired, revoked or other-address invitation gets one answer.
 */
@InviteOnly
class InvitationApiTests extends AdminTests {

	@Autowired
	TestClock clock;

	@Autowired
	Accounts accounts;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void anInvitationAdmitsOneRegistrationAndIsListedWithoutItsToken() {
		ApiClient admin = admin();
		JsonNode invitation = invite(admin, Map.of());
		String token = invitation.get("token").asString();
		assertThat(token).startsWith("mhi_");
		assertThat(invitation.get("url").asString()).endsWith("/signup?invitation=" + token)
			.contains(":" + this.port + "/signup?");
		assertThat(Duration.between(java.time.Instant.now(),
				java.time.Instant.parse(invitation.get("expires_at").asString())))
			.isBetween(Duration.ofHours(71), Duration.ofHours(72));

		String name = "invited" + System.nanoTime();
		assertThat(register(name, token).status()).isEqualTo(201);
		assertThat(anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", PASSWORD)).status())
			.isEqualTo(200);
		// the same invitation a second time
		assertInvalid(register(name + "b", token));
		assertThat(actions()).extracting(ActionTaken::action)
			.containsSubsequence("invitation.create", "invitation.use", "user.register");

		ApiClient.Response list = admin.get("/api/v1/admin/invitations");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).doesNotContain(token).doesNotContain("token");
		JsonNode listed = find(list.json().get("items"), invitation.get("id").asString());
		assertThat(listed.get("used_at")).isNotNull();
		assertThat(listed.get("revoked_at")).isNull();
	}

	@Test
	void registrationsRacingForOneInvitationGetOneAccount() throws Exception {
		String token = invite(admin(), Map.of()).get("token").asString();
		String prefix = "racer" + System.nanoTime();
		try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
			var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
			for (int i = 0; i < 4; i++) {
				String name = prefix + "_" + i;
				answers.add(executor.submit(() -> register(name, token).status()));
			}
			var statuses = new java.util.ArrayList<Integer>();
			for (var answer : answers) {
				statuses.add(answer.get());
			}
			assertThat(statuses).containsOnly(201, 403).filteredOn((status) -> status == 201).hasSize(1);
		}
	}

	@Test
	void withoutAValidInvitationNoAccountIsCreated() {
		String name = "uninvited" + System.nanoTime();
		assertInvalid(register(name, null));
		assertInvalid(register(name, "mhi_not-a-token-anyone-issued"));
		assertThat(anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", PASSWORD)).status())
			.isEqualTo(401);
		// and an administrator may still create users
		assertThat(createUser(admin(), "user").get("role").asString()).isEqualTo("user");
	}

	@Test
	void anInvitationForAnAddressAdmitsOnlyThatAddress() {
		String name = "addressed" + System.nanoTime();
		String token = invite(admin(), Map.of("email", name.toUpperCase() + "@Example.com")).get("token").asString();
		assertInvalid(register(name, token, "someone" + System.nanoTime() + "@example.com"));
		// the refused attempt did not use it up
		assertThat(register(name, token, name + "@example.com").status()).isEqualTo(201);
	}

	@Test
	void anExpiredInvitationIsRefused() {
		String token = invite(admin(), Map.of("expires_in_hours", 1)).get("token").asString();
		this.clock.advance(Duration.ofMinutes(61));
		assertInvalid(register("late" + System.nanoTime(), token));
	}

	@Test
	void aRevokedInvitationIsRefused() {
		ApiClient admin = admin();
		JsonNode invitation = invite(admin, Map.of());
		String id = invitation.get("id").asString();
		assertThat(admin.delete("/api/v1/admin/invitations/" + id).status()).isEqualTo(204);
		assertInvalid(register("revoked" + System.nanoTime(), invitation.get("token").asString()));
		assertThat(find(admin.get("/api/v1/admin/invitations").json().get("items"), id).get("revoked_at")).isNotNull();
		assertThat(actions()).extracting(ActionTaken::action).contains("invitation.revoke");
		ApiClient.Response unknown = admin.delete("/api/v1/admin/invitations/00000000-0000-0000-0000-000000000000");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("type").asString()).endsWith("/invitation-not-found");
	}

	@Test
	void onlyAdministratorsHandleInvitationsAndLifetimesAreBounded() {
		ApiClient admin = admin();
		ApiClient.Response tooLong = admin.post("/api/v1/admin/invitations", Map.of("expires_in_hours", 721));
		assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
		assertThat(tooLong.body()).contains("/expires_in_hours");
		assertThat(admin.post("/api/v1/admin/invitations", Map.of("email", "not an address")).status()).isEqualTo(400);
		assertThat(invite(admin, Map.of("expires_in_hours", 720)).get("id")).isNotNull();

		String name = "plain" + System.nanoTime();
		var created = new HashMap<String, Object>(
				Map.of("username", name, "email", name + "@example.com", "password", PASSWORD));
		assertThat(admin.post("/api/v1/admin/users", created).status()).isEqualTo(201);
		ApiClient user = anonymous()
			.withToken(anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", PASSWORD))
				.json()
				.get("access_token")
				.asString());
		assertThat(user.post("/api/v1/admin/invitations", Map.of()).status()).isEqualTo(403);
		assertThat(user.get("/api/v1/admin/invitations").status()).isEqualTo(403);
		assertThat(anonymous().post("/api/v1/admin/invitations", Map.of()).status()).isEqualTo(401);
	}

	@Test
	void theConfiguredAdministratorIsIgnoredOnceAnAdministratorExists() {
		String name = "second" + System.nanoTime();
		var second = new AccountsProperties.Admin(name, name + "@example.com",
				new AccountsProperties.Secret("a long enough password"), null);
		assertThat(this.accounts.createAdminIfNoneExists(second)).isFalse();
		assertThat(
				anonymous().post("/api/v1/auth/login", Map.of("username", name, "password", "a long enough password"))
					.status())
			.isEqualTo(401);
	}

	private JsonNode invite(ApiClient admin, Map<String, Object> body) {
		ApiClient.Response created = admin.post("/api/v1/admin/invitations", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	private ApiClient.Response register(String name, @Nullable String invitation) {
		return register(name, invitation, name + "@example.com");
	}

	private ApiClient.Response register(String name, @Nullable String invitation, String email) {
		var body = new HashMap<String, Object>(Map.of("username", name, "email", email, "password", PASSWORD));
		if (invitation != null) {
			body.put("invitation", invitation);
		}
		return anonymous().post("/api/v1/auth/register", body);
	}

	private static void assertInvalid(ApiClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("type").asString()).endsWith("/invitation-invalid");
	}

	private static JsonNode find(JsonNode items, String id) {
		for (JsonNode item : items) {
			if (item.get("id").asString().equals(id)) {
				return item;
			}
		}
		throw new AssertionError("no invitation " + id + " in " + items);
	}

}

package io.modelhost.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.accounts.ActionTaken;
import io.modelhost.accounts.UserId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogApiTests extends HttpTests {

	@Autowired
	AuditLog auditLog;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void recordsWhoDidWhatToWhichKeyWhenAndFromWhere() {
		ApiClient user = newUser();
		String userId = me(user);
		Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
		ApiClient.Response created = user.with("X-Request-Id", "audit-create-" + userId)
			.with("User-Agent", "audit-tests/1.0")
			.post("/api/v1/api-keys", Map.of("name", "deploy bot"));
		String keyId = created.json().get("id").asString();
		user.with("X-Request-Id", "audit-regenerate-" + userId)
			.post("/api/v1/api-keys/" + keyId + "/regenerate", Map.of());
		user.with("X-Request-Id", "audit-revoke-" + userId).delete("/api/v1/api-keys/" + keyId);
		user.delete("/api/v1/api-keys/" + keyId); // revoking a revoked key changes
													// nothing
		Instant after = Instant.now();

		// other modules record other actions of the user (registering, say)
		ApiClient.Response response = user.get("/api/v1/audit?action=api_key.");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode page = response.json();
		assertThat(page.get("total").asLong()).isEqualTo(3);
		List<JsonNode> entries = items(page);
		assertThat(entries).extracting((e) -> e.get("action").asString())
			.containsExactly("api_key.revoke", "api_key.regenerate", "api_key.create");
		assertThat(entries).extracting((e) -> e.get("request_id").asString())
			.containsExactly("audit-revoke-" + userId, "audit-regenerate-" + userId, "audit-create-" + userId);
		JsonNode create = entries.get(2);
		assertThat(UUID.fromString(create.get("id").asString())).isNotNull();
		assertThat(Instant.parse(create.get("at").asString())).isBetween(before, after);
		assertThat(create.get("actor_id").asString()).isEqualTo(userId);
		assertThat(create.get("owner_id").asString()).isEqualTo(userId);
		assertThat(create.get("target_type").asString()).isEqualTo("api_key");
		assertThat(create.get("target_id").asString()).isEqualTo(keyId);
		assertThat(create.get("details").get("name").asString()).isEqualTo("deploy bot");
		assertThat(create.get("client_address").asString()).isEqualTo("127.0.0.1");
		assertThat(create.get("user_agent").asString()).isEqualTo("audit-tests/1.0");
		assertThat(entries.get(0).get("user_agent").asString()).as("the HTTP client's own")
			.startsWith("Java-http-client");
		assertThat(create.propertyNames()).containsExactlyInAnyOrder("id", "at", "actor_id", "owner_id", "action",
				"target_type", "target_id", "details", "client_address", "request_id", "user_agent");
		assertThat(create.toString()).doesNotContain(created.json().get("key").asString());
	}

	@Test
	void showsAUserOnlyWhatTheyDidOrOwn() {
		ApiClient alice = newUser();
		ApiClient bob = newUser();
		String alicesKey = alice.post("/api/v1/api-keys", Map.of("name", "alice's")).json().get("id").asString();
		bob.post("/api/v1/api-keys", Map.of("name", "bob's"));

		assertThat(items(alice.get("/api/v1/audit?size=100").json())).isNotEmpty()
			.allSatisfy((e) -> assertThat(e.get("actor_id").asString()).isEqualTo(me(alice)));
		assertThat(items(bob.get("/api/v1/audit?action=api_key.").json()))
			.extracting((e) -> e.get("details").get("name").asString())
			.containsExactly("bob's");
		ApiClient stranger = newUser();
		List<JsonNode> strangers = items(stranger.get("/api/v1/audit?size=100").json());
		assertThat(strangers)
			.allSatisfy((e) -> assertThat(List.of(e.get("actor_id"), e.path("owner_id"))).extracting(JsonNode::asString)
				.contains(me(stranger)));
		assertThat(stranger.get("/api/v1/audit?target_id=" + alicesKey).json().get("total").asLong()).isZero();
	}

	@Test
	void showsAdministratorsEveryEntryAndFiltersThemByUser() {
		Instant start = Instant.now().minusMillis(1);
		ApiClient alice = newUser();
		ApiClient bob = newUser();
		alice.post("/api/v1/api-keys", Map.of("name", "alice's"));
		bob.post("/api/v1/api-keys", Map.of("name", "bob's"));
		ApiClient admin = admin();

		JsonNode all = admin.get("/api/v1/audit?size=100&since=" + start).json();
		assertThat(items(all)).extracting((e) -> e.get("actor_id").asString()).contains(me(alice), me(bob));
		assertThat(items(admin.get("/api/v1/audit?action=api_key.&user=" + me(bob)).json()))
			.extracting((e) -> e.get("details").get("name").asString())
			.containsExactly("bob's");

		ApiClient.Response notAdmin = alice.get("/api/v1/audit?user=" + me(bob));
		assertThat(notAdmin.status()).isEqualTo(403);
		assertThat(notAdmin.contentType()).startsWith("application/problem+json");
		assertThat(notAdmin.json().get("type").asString()).endsWith("/forbidden");
		assertThat(notAdmin.json().get("detail").asString()).isEqualTo("Filtering by user is for administrators only.");
	}

	@Test
	void filtersByActionExactlyOrByPrefixByTargetAndByTime() {
		ApiClient user = newUser();
		String first = user.post("/api/v1/api-keys", Map.of("name", "first")).json().get("id").asString();
		Instant between = Instant.now();
		String second = user.post("/api/v1/api-keys", Map.of("name", "second")).json().get("id").asString();
		user.delete("/api/v1/api-keys/" + first);

		assertThat(total(user, "?action=api_key.revoke")).isEqualTo(1);
		assertThat(total(user, "?action=api_key.")).isEqualTo(3);
		assertThat(total(user, "?action=api_key")).as("exact, not a prefix without the dot").isZero();
		assertThat(total(user, "?action=model.")).isZero();
		assertThat(total(user, "?target_id=" + first)).isEqualTo(2);
		assertThat(total(user, "?target_id=" + second + "&action=api_key.create")).isEqualTo(1);
		assertThat(total(user, "?action=api_key.&since=" + between)).isEqualTo(2);
		assertThat(total(user, "?action=api_key.&until=" + between)).isEqualTo(1);
		assertThat(total(user, "?since=" + between + "&until=" + between.plusSeconds(3600) + "&target_id=" + second))
			.isEqualTo(1);
	}

	@Test
	void paginatesNewestFirst() {
		ApiClient user = newUser();
		for (int i = 0; i < 5; i++) {
			user.post("/api/v1/api-keys", Map.of("name", "key " + i));
		}
		JsonNode first = user.get("/api/v1/audit?action=api_key.create&size=2").json();
		JsonNode third = user.get("/api/v1/audit?action=api_key.create&size=2&page=2").json();
		assertThat(first.get("total").asLong()).isEqualTo(5);
		assertThat(first.get("size").asInt()).isEqualTo(2);
		assertThat(items(first)).extracting((e) -> e.get("details").get("name").asString())
			.containsExactly("key 4", "key 3");
		assertThat(third.get("page").asInt()).isEqualTo(2);
		assertThat(items(third)).extracting((e) -> e.get("details").get("name").asString()).containsExactly("key 0");
		assertThat(items(user.get("/api/v1/audit?action=api_key.create&size=2&page=3").json())).isEmpty();
	}

	@Test
	void refusesBadParametersWith400NamingThem() {
		ApiClient user = newUser();
		Map<String, String> bad = Map.of("size=0", "/size", "size=101", "/size", "page=-1", "/page", "page=first",
				"/page", "since=yesterday", "/since", "until=2025-13-01T00:00:00Z", "/until",
				"since=2025-02-01T00:00:00Z&until=2025-01-01T00:00:00Z", "/until", "action=Model%20Delete", "/action",
				"user=me", "/user", "target_id=" + "x".repeat(256), "/target_id");
		bad.forEach((query, pointer) -> {
			ApiClient.Response response = user.get("/api/v1/audit?" + query);
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("type").asString()).endsWith("/invalid-request");
			assertThat(response.json().get("errors").get(0).get("pointer").asString()).as(query).isEqualTo(pointer);
			assertThat(response.json().get("requestId").asString()).isNotBlank();
		});
		assertThat(user.get("/api/v1/audit?size=100&since=2025-01-31T00:00:00%2B02:00").status()).isEqualTo(200);
	}

	@Test
	void refusesApiKeysAndStrangers() {
		ApiClient.Response withKey = apiKeyClient(newUser()).get("/api/v1/audit");
		assertThat(withKey.status()).isEqualTo(403);
		assertThat(withKey.json().get("type").asString()).endsWith("/forbidden");
		assertThat(anonymous().get("/api/v1/audit").status()).isEqualTo(401);
	}

	@Test
	void purgesEntriesOlderThanTheRetentionPeriod() {
		Instant now = Instant.now();
		String old = insertEntryAt(now.minus(Duration.ofDays(401)));
		String kept = insertEntryAt(now.minus(Duration.ofDays(399)));

		assertThat(this.auditLog.purge()).isGreaterThanOrEqualTo(1);

		assertThat(exists(old)).isFalse();
		assertThat(exists(kept)).isTrue();
	}

	@Test
	void writesAnEntryOnlyWhenThePublishersTransactionCommits() {
		UserId actor = new UserId(UUID.randomUUID().toString());
		String rolledBack = UUID.randomUUID().toString();
		this.transactions.executeWithoutResult((status) -> {
			this.events.publishEvent(new ActionTaken(actor, actor, "model.delete", "model", rolledBack));
			status.setRollbackOnly();
		});
		assertThat(entriesAbout(rolledBack)).isZero();

		String committed = UUID.randomUUID().toString();
		this.transactions.executeWithoutResult((status) -> {
			this.events.publishEvent(new ActionTaken(actor, actor, "model.delete", "model", committed));
			assertThat(entriesAbout(committed)).as("not before the commit").isZero();
		});
		assertThat(entriesAbout(committed)).isEqualTo(1);

		String outside = UUID.randomUUID().toString();
		this.events.publishEvent(new ActionTaken(actor, null, "model.delete", "model", outside));
		Map<String, Object> row = this.jdbc.sql("SELECT * FROM audit_entry WHERE target_id = :id")
			.param("id", outside)
			.query()
			.singleRow();
		assertThat(row.get("owner_id")).isNull();
		assertThat(row.get("client_address")).as("no request").isNull();
		assertThat(row.get("request_id")).isNull();
	}

	private static List<JsonNode> items(JsonNode page) {
		var items = new ArrayList<JsonNode>();
		page.get("items").forEach(items::add);
		return items;
	}

	private static long total(ApiClient user, String query) {
		ApiClient.Response response = user.get("/api/v1/audit" + query);
		assertThat(response.status()).as(query + ": " + response).isEqualTo(200);
		return response.json().get("total").asLong();
	}

	private static String me(ApiClient user) {
		return user.get("/api/v1/auth/me").json().get("id").asString();
	}

	private String insertEntryAt(Instant at) {
		String id = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO audit_entry (id, created_at, actor_id, action, target_type, target_id, details)
				VALUES (:id, :at, :actor, 'api_key.create', 'api_key', :id, '{}')""")
			.param("id", id)
			.param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
			.param("actor", UUID.randomUUID().toString())
			.update();
		return id;
	}

	private boolean exists(String id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.single() == 1;
	}

	private long entriesAbout(String targetId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE target_id = :id")
			.param("id", targetId)
			.query(Long.class)
			.single();
	}

}

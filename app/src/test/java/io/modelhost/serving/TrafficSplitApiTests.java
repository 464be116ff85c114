package io.modelhost.serving;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.usage.UsageLedger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model endpoint's traffic split over real HTTP: a canary that takes its share of the
 * requests, sticky per API key, a shadow that scores copies never returned, and the
 * problems of splits that cannot be.
 */
class TrafficSplitApiTests extends HttpTests {

	private static final Map<String, Object> ROW = Map.of("inputs", new double[][] { { 5.1, 3.5, 1.4, 0.2 } });

	@Autowired
	UsageLedger ledger;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aNinetyTenSplitSendsATenthOfTheRequestsToTheCanary() {
		ApiClient user = newUser();
		String base = "/api/v1/models/" + productionOnVersionOne(user, "canaried");
		ApiClient.Response set = user.put(base + "/traffic",
				Map.of("production", 90, "canary", Map.of("version", 2, "percent", 10)));
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(set.json().get("production").asInt()).isEqualTo(90);
		assertThat(set.json().get("production_version").asInt()).isEqualTo(1);
		assertThat(set.json().get("canary").toString()).isEqualTo("{\"version\":2,\"percent\":10}");
		assertThat(set.json().get("sticky").asString()).isEqualTo("none");

		ApiClient keyed = apiKeyClient(user);
		int canary = 0;
		for (int i = 0; i < 1000; i++) {
			ApiClient.Response answer = keyed.post(base + "/predict", ROW);
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			int version = answer.json().get("model_version").asInt();
			assertThat(version).isIn(1, 2);
			canary += (version == 2) ? 1 : 0;
		}
		assertThat(canary).as("10% of 1,000, within 5 points").isBetween(50, 150);

		JsonNode traffic = user.get(base + "/traffic").json();
		JsonNode stats = traffic.get("stats");
		assertThat(stats.size()).isEqualTo(2);
		assertThat(stats.get(0).get("role").asString()).isEqualTo("production");
		assertThat(stats.get(0).get("version").asInt()).isEqualTo(1);
		assertThat(stats.get(0).get("requests").asLong()).isEqualTo(1000 - canary);
		assertThat(stats.get(1).get("role").asString()).isEqualTo("canary");
		assertThat(stats.get(1).get("version").asInt()).isEqualTo(2);
		assertThat(stats.get(1).get("requests").asLong()).isEqualTo(canary);
		assertThat(stats.get(1).get("errors").asLong()).isZero();
		assertThat(stats.get(1).get("p95_ms").asDouble()).isPositive();

		// the usage records say which version answered each request
		this.ledger.flush();
		Map<Integer, Long> recorded = new HashMap<>();
		this.jdbc.sql("SELECT model_version, COUNT(*) FROM usage_record WHERE model_id = :id GROUP BY model_version")
			.param("id", base.substring(base.lastIndexOf('/') + 1))
			.query((rs) -> {
				recorded.put(rs.getInt(1), rs.getLong(2));
			});
		assertThat(recorded).containsExactlyInAnyOrderEntriesOf(Map.of(1, 1000L - canary, 2, (long) canary));

		// an explicit version or alias is never split
		for (int i = 0; i < 20; i++) {
			assertThat(keyed.post(base + "/versions/1/predict", ROW).json().get("model_version").asInt()).isEqualTo(1);
		}

		ApiClient.Response removed = user.delete(base + "/traffic");
		assertThat(removed.status()).isEqualTo(200);
		assertThat(removed.json().get("production").asInt()).isEqualTo(100);
		assertThat(removed.json().has("canary")).isFalse();
		for (int i = 0; i < 50; i++) {
			assertThat(keyed.post(base + "/predict", ROW).json().get("model_version").asInt()).isEqualTo(1);
		}
		var actions = new ArrayList<String>();
		user.get("/api/v1/audit?action=model.traffic.")
			.json()
			.get("items")
			.forEach((e) -> actions.add(e.get("action").asString()));
		assertThat(actions).containsExactly("model.traffic.delete", "model.traffic.set");
	}

	@Test
	void aStickySplitSendsEachApiKeyAlwaysToTheSameVersion() {
		ApiClient user = newUser();
		String base = "/api/v1/models/" + productionOnVersionOne(user, "sticky");
		assertThat(user
			.put(base + "/traffic",
					Map.of("production", 50, "canary", Map.of("version", 2, "percent", 50), "sticky", "api_key"))
			.json()
			.get("sticky")
			.asString()).isEqualTo("api_key");
		for (int key = 0; key < 8; key++) {
			ApiClient keyed = apiKeyClient(user);
			Set<Integer> versions = new HashSet<>();
			for (int i = 0; i < 15; i++) {
				versions.add(keyed.post(base + "/predict", ROW).json().get("model_version").asInt());
			}
			assertThat(versions).as("key " + key).hasSize(1);
		}

		// not sticky: one key reaches both
		user.put(base + "/traffic", Map.of("production", 50, "canary", Map.of("version", 2, "percent", 50)));
		ApiClient keyed = apiKeyClient(user);
		Set<Integer> versions = new HashSet<>();
		for (int i = 0; i < 40; i++) {
			versions.add(keyed.post(base + "/predict", ROW).json().get("model_version").asInt());
		}
		assertThat(versions).containsExactlyInAnyOrder(1, 2);
	}

	@Test
	void aShadowScoresCopiesThatAreRecordedButNeverReturned() throws InterruptedException {
		ApiClient user = newUser();
		String id = productionOnVersionOne(user, "shadowed");
		String base = "/api/v1/models/" + id;
		ApiClient keyed = apiKeyClient(user);
		JsonNode plain = keyed.post(base + "/predict", ROW).json();
		this.ledger.flush();
		long usageBefore = user.get(base + "/stats").json().get("total_requests").asLong();

		ApiClient.Response set = user.put(base + "/traffic", Map.of("shadow", Map.of("version", 2)));
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(set.json().get("production").asInt()).isEqualTo(100);
		assertThat(set.json().get("shadow").get("version").asInt()).isEqualTo(2);
		for (int i = 0; i < 30; i++) {
			JsonNode answer = keyed.post(base + "/predict", ROW).json();
			assertThat(answer.get("model_version").asInt()).isEqualTo(1);
			assertThat(answer.propertyNames()).containsExactlyInAnyOrderElementsOf(plain.propertyNames());
			assertThat(answer.get("probabilities")).isEqualTo(plain.get("probabilities"));
		}

		JsonNode shadow = null;
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (Instant.now().isBefore(deadline)) {
			JsonNode stats = user.get(base + "/traffic").json().get("stats");
			shadow = (stats.size() == 2) ? stats.get(1) : null;
			if (shadow != null && shadow.get("requests").asLong() + shadow.get("dropped").asLong() == 30) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(shadow).isNotNull();
		assertThat(shadow.get("role").asString()).isEqualTo("shadow");
		assertThat(shadow.get("version").asInt()).isEqualTo(2);
		assertThat(shadow.get("requests").asLong()).isEqualTo(30);
		assertThat(shadow.get("errors").asLong()).isZero();
		assertThat(shadow.get("mean_ms").asDouble()).isPositive();
		// the same row, a different model: its answer is compared with production's
		double agreement = shadow.get("agreement").asDouble();
		assertThat(agreement).isIn(0.0, 1.0);
		String v1 = plain.get("predictions").get(0).toString();
		String v2 = user.post(base + "/versions/2/predict", ROW).json().get("predictions").get(0).toString();
		assertThat(agreement).isEqualTo(v1.equals(v2) ? 1.0 : 0.0);
		JsonNode production = user.get(base + "/traffic").json().get("stats").get(0);
		assertThat(production.get("role").asString()).isEqualTo("production");
		assertThat(production.get("requests").asLong()).isEqualTo(30);

		// the caller's usage counts their 30 requests (and the version call), not the
		// copies
		this.ledger.flush();
		JsonNode usage = user.get(base + "/stats").json();
		assertThat(usage.get("total_requests").asLong()).isEqualTo(usageBefore + 31);
	}

	@Test
	void refusesSplitsThatCannotBe() throws InterruptedException {
		ApiClient user = newUser();
		String id = productionOnVersionOne(user, "refused");
		String base = "/api/v1/models/" + id + "/traffic";

		assertProblem(user.put(base, Map.of("production", 90, "canary", Map.of("version", 2, "percent", 20))), 400,
				"invalid-request", "/production");
		assertProblem(user.put(base, Map.of("production", 90, "canary", Map.of("version", 2))), 400, "invalid-request",
				"/canary/percent");
		assertProblem(user.put(base, Map.of("production", 0, "canary", Map.of("version", 2, "percent", 100))), 400,
				"invalid-request", "/canary/percent");
		assertProblem(user.put(base, Map.of("canary", Map.of("version", 2, "percent", 10))), 400, "invalid-request",
				"/production");
		assertProblem(user.put(base, Map.of("production", 90, "canary", Map.of("percent", 10))), 400, "invalid-request",
				"/canary/version");
		assertProblem(user.put(base, Map.of("shadow", Map.of())), 400, "invalid-request", "/shadow/version");
		assertProblem(user.put(base, Map.of("production", 100)), 400, "invalid-request", "");
		assertProblem(user.put(base, Map.of("shadow", Map.of("version", 2), "sticky", "cookie")), 400,
				"invalid-request", "/sticky");
		assertProblem(user.put(base, Map.of("production", "ninety")), 400, "malformed-body", "/production");
		assertProblem(user.put(base, Map.of("shadow", Map.of("version", 2), "mirror", true)), 400, "malformed-body",
				"/mirror");
		assertProblem(user.put(base, Map.of("production", 90, "canary", Map.of("version", 1, "percent", 10))), 400,
				"invalid-request", "/canary/version");
		ApiClient.Response unknown = user.put(base,
				Map.of("production", 90, "canary", Map.of("version", 7, "percent", 10)));
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
		assertThat(unknown.json().get("type").asString()).endsWith("/version-not-found");
		assertThat(user.get(base).json().get("production").asInt()).as("nothing was set").isEqualTo(100);

		// a version its clients would notice needs force
		ApiClient.Response other = user.upload("/api/v1/models/" + id + "/versions",
				Fixtures.model("sklearn/diabetes_gbr.joblib"), null, Map.of());
		assertThat(other.status()).as(other.toString()).isEqualTo(201);
		ApiClient.Response incompatible = user.put(base, Map.of("shadow", Map.of("version", 3)));
		assertThat(incompatible.status()).as(incompatible.toString()).isEqualTo(409);
		assertThat(incompatible.json().get("type").asString()).endsWith("/incompatible-version");
		ApiClient.Response forced = user.put(base, Map.of("shadow", Map.of("version", 3), "force", true));
		assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
		// the shadow cannot take iris rows: its copies fail, the answers do not
		ApiClient.Response answered = user.post("/api/v1/models/" + id + "/predict", ROW);
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		assertThat(answered.json().get("model_version").asInt()).isEqualTo(1);
		JsonNode failed = null;
		for (int i = 0; i < 100 && failed == null; i++) {
			JsonNode stats = user.get(base).json().get("stats");
			failed = (stats.size() == 2 && stats.get(1).get("errors").asLong() == 1) ? stats.get(1) : null;
			Thread.sleep(100);
		}
		assertThat(failed).as("the shadow's failure is recorded").isNotNull();
		assertThat(failed.get("version").asInt()).isEqualTo(3);
		assertThat(failed.get("requests").asLong()).isZero();

		// versions in the split are kept; viewers see the split but do not change it
		ApiClient.Response inUse = user.delete("/api/v1/models/" + id + "/versions/3");
		assertThat(inUse.status()).as(inUse.toString()).isEqualTo(409);
		assertThat(inUse.json().get("type").asString()).endsWith("/version-in-use");
		assertThat(inUse.json().get("traffic").asString()).isEqualTo("shadow");
		ApiClient viewer = newUser();
		user.post("/api/v1/models/" + id + "/shares",
				Map.of("email", viewer.get("/api/v1/auth/me").json().get("email").asString(), "permission", "view"));
		assertThat(viewer.get(base).json().get("shadow").get("version").asInt()).isEqualTo(3);
		assertThat(viewer.put(base, Map.of("shadow", Map.of("version", 2))).status()).isEqualTo(403);
		assertThat(viewer.delete(base).status()).isEqualTo(403);
		assertThat(newUser().get(base).status()).isEqualTo(404);
	}

	private static void assertProblem(ApiClient.Response response, int status, String type, String pointer) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.json().get("type").asString()).as(response.toString()).endsWith("/" + type);
		List<String> pointers = new ArrayList<>();
		response.json().get("errors").forEach((error) -> pointers.add(error.get("pointer").asString()));
		assertThat(pointers).as(response.toString()).contains(pointer);
	}

	/**
	 * A model with two compatible versions of iris, production pinned to version 1.
	 */
	private String productionOnVersionOne(ApiClient user, String name) {
		String id = upload(user, "sklearn/iris_rf.joblib", name).get("id").asString();
		ApiClient.Response second = user.upload("/api/v1/models/" + id + "/versions",
				Fixtures.model("sklearn/iris_logreg_pipeline.pkl"), null, Map.of());
		assertThat(second.status()).as(second.toString()).isEqualTo(201);
		ApiClient.Response pinned = user.put("/api/v1/models/" + id + "/aliases/production", Map.of("version", 1));
		assertThat(pinned.status()).as(pinned.toString()).isEqualTo(200);
		return id;
	}

}

package io.modelhost.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.usage.internal.UsageStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Usage statistics over real HTTP, from real predictions of a real model: every figure
 * checked against what the clients did and measured.
 */
class UsageStatsApiTests extends HttpTests {

	private static final Map<String, Object> ROW = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));

	private static final Map<String, Object> BAD_ROW = Map.of("inputs", List.of(List.of("x", 1, 2, 3)));

	@Autowired
	UsageLedger ledger;

	@Autowired
	UsageStore store;

	@Test
	void reportsCountsLatencySeriesAndHistogramOfRealPredictions() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		ApiClient keyed = apiKeyClient(owner);
		String keyId = owner.get("/api/v1/api-keys").json().get(0).get("id").asString();
		Instant before = Instant.now();
		var clientMillis = new ArrayList<Double>();
		for (int i = 0; i < 5; i++) {
			assertThat(timed(owner, predictPath(model), ROW, clientMillis)).isEqualTo(200);
		}
		for (int i = 0; i < 3; i++) {
			assertThat(timed(keyed, predictPath(model), ROW, clientMillis)).isEqualTo(200);
		}
		for (int i = 0; i < 2; i++) {
			assertThat(timed(owner, predictPath(model), BAD_ROW, clientMillis)).isEqualTo(400);
		}
		Instant after = Instant.now();
		this.ledger.flush();

		ApiClient.Response response = owner.get(statsPath(model));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode stats = response.json();
		assertThat(stats.get("total_requests").asLong()).isEqualTo(10);
		assertThat(stats.get("requests_last24h").asLong()).isEqualTo(10);
		JsonNode period = stats.get("period");
		assertThat(period.get("total").asLong()).isEqualTo(10);
		assertThat(period.get("success").asLong()).isEqualTo(8);
		assertThat(period.get("client_error").asLong()).isEqualTo(2);
		assertThat(period.get("server_error").asLong()).isZero();
		assertThat(period.get("success_rate").asDouble()).isEqualTo(0.8);
		Instant last = Instant.parse(stats.get("last_request_at").asString());
		assertThat(last).isBetween(before, after);

		JsonNode latency = stats.get("latency");
		double fastestClient = clientMillis.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
		double slowestClient = clientMillis.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		double min = latency.get("min_ms").asDouble();
		double max = latency.get("max_ms").asDouble();
		assertThat(min).isPositive().isLessThanOrEqualTo(fastestClient);
		assertThat(max).isGreaterThanOrEqualTo(min).isLessThanOrEqualTo(slowestClient);
		assertThat(latency.get("avg_ms").asDouble()).isBetween(min, max);
		assertThat(latency.get("percentiles_exact").asBoolean()).isTrue();
		assertThat(latency.get("p50_ms").asDouble()).isBetween(min, max);
		assertThat(latency.get("p95_ms").asDouble()).isBetween(latency.get("p50_ms").asDouble(), max);
		assertThat(latency.get("p99_ms").asDouble()).isEqualTo(max);

		assertThat(stats.get("bucket").asString()).isEqualTo("hour");
		assertSeriesAddsUp(stats, 10, 8, 2);
		assertThat(stats.get("latency_histogram")).hasSize(14);
		assertThat(stats.get("latency_histogram").get(0).get("le_ms").asInt()).isEqualTo(1);
		assertThat(stats.get("latency_histogram").get(13).has("le_ms")).isFalse();
		long histogramTotal = 0;
		for (JsonNode bucket : stats.get("latency_histogram")) {
			histogramTotal += bucket.get("count").asLong();
		}
		assertThat(histogramTotal).isEqualTo(10);

		JsonNode minutes = owner.get(statsPath(model) + "?bucket=minute").json();
		assertThat(minutes.get("series").size()).isBetween(1440, 1442);
		assertSeriesAddsUp(minutes, 10, 8, 2);

		JsonNode viaKey = owner.get(statsPath(model) + "?api_key=" + keyId).json();
		assertThat(viaKey.get("api_key").asString()).isEqualTo(keyId);
		assertThat(viaKey.get("total_requests").asLong()).isEqualTo(3);
		assertThat(viaKey.get("period").get("success").asLong()).isEqualTo(3);
		assertThat(viaKey.get("period").get("success_rate").asDouble()).isEqualTo(1.0);
		assertSeriesAddsUp(viaKey, 3, 3, 0);

		JsonNode earlier = owner
			.get(statsPath(model) + "?from=" + before.minus(2, ChronoUnit.DAYS) + "&to="
					+ before.minus(1, ChronoUnit.DAYS))
			.json();
		assertThat(earlier.get("period").get("total").asLong()).isZero();
		assertThat(earlier.has("latency")).isFalse();
		assertThat(earlier.get("total_requests").asLong()).as("all time, whatever the period").isEqualTo(10);
	}

	@Test
	void listsRecentErrorsWithTheirProblemType() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		assertThat(owner.post(predictPath(model), ROW).status()).isEqualTo(200);
		assertThat(owner.with("X-Request-Id", "stats-bad-1").post(predictPath(model), BAD_ROW).status()).isEqualTo(400);
		ApiClient.Response v2 = owner.post("/v2/models/" + model.get("id").asString() + "/infer", Map.of("inputs",
				List.of(Map.of("name", "x", "datatype", "FP64", "shape", List.of(1, 2), "data", List.of(1.0, 2.0)))));
		assertThat(v2.status()).as(v2.toString()).isEqualTo(400);
		this.ledger.flush();

		ApiClient.Response response = owner.get(statsPath(model) + "/errors");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode errors = response.json();
		assertThat(errors).hasSize(2);
		JsonNode oip = errors.get(0);
		assertThat(oip.get("protocol").asString()).isEqualTo("v2");
		assertThat(oip.get("status").asInt()).isEqualTo(400);
		assertThat(oip.get("type").asString()).isEqualTo("https://modelhost.io/problems/invalid-input");
		JsonNode bad = errors.get(1);
		assertThat(bad.get("request_id").asString()).isEqualTo("stats-bad-1");
		assertThat(bad.get("status").asInt()).isEqualTo(400);
		assertThat(bad.get("outcome").asString()).isEqualTo("client_error");
		assertThat(bad.get("protocol").asString()).isEqualTo("modelhost");
		assertThat(bad.get("type").asString()).isEqualTo("https://modelhost.io/problems/invalid-input");
		assertThat(bad.get("title").asString()).isEqualTo("Invalid input");
		assertThat(bad.get("model_version").asInt()).isEqualTo(1);
		assertThat(bad.get("latency_ms").asDouble()).isPositive();
		assertThat(bad.has("api_key_id")).isFalse();
		assertThat(bad.toString()).doesNotContain("\"x\"");

		assertThat(owner.get(statsPath(model) + "/errors?limit=1").json()).hasSize(1);
		assertThat(owner.get(statsPath(model) + "/errors?limit=0").status()).isEqualTo(400);
	}

	@Test
	void answersAStrangerLikeAMissingModelAndAViewerWithTheFigures() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		assertThat(owner.post(predictPath(model), ROW).status()).isEqualTo(200);
		this.ledger.flush();
		ApiClient stranger = newUser();
		for (String path : List.of(statsPath(model), statsPath(model) + "/errors")) {
			ApiClient.Response refused = stranger.get(path);
			assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
			assertThat(refused.json().get("type").asString()).endsWith("/model-not-found");
			JsonNode missing = stranger.get(path.replace(model.get("id").asString(), UUID.randomUUID().toString()))
				.json();
			for (String member : List.of("status", "type", "title", "detail")) {
				assertThat(refused.json().get(member)).as("same as a missing model: " + member)
					.isEqualTo(missing.get(member));
			}
		}
		ApiClient viewer = newUser();
		String email = viewer.get("/api/v1/auth/me").json().get("email").asString();
		assertThat(owner
			.post("/api/v1/models/" + model.get("id").asString() + "/shares",
					Map.of("email", email, "permission", "view"))
			.status()).isEqualTo(202);
		JsonNode stats = viewer.get(statsPath(model)).json();
		assertThat(stats.get("total_requests").asLong()).isEqualTo(1);
		assertThat(viewer.get(statsPath(model) + "/errors").status()).isEqualTo(200);
		JsonNode rows = viewer.get("/api/v1/stats/models").json();
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).get("permission").asString()).isEqualTo("view");
		assertThat(stranger.get("/api/v1/stats/models").json()).isEmpty();
	}

	@Test
	void rejectsPeriodsItCannotAnswer() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		Instant now = Instant.now();
		assertInvalid(owner, statsPath(model) + "?from=" + now + "&to=" + now.minusSeconds(60), "/to");
		assertInvalid(owner, statsPath(model) + "?from=" + now.minus(401, ChronoUnit.DAYS) + "&to=" + now, "/from");
		assertInvalid(owner, statsPath(model) + "?from=" + now.minus(30, ChronoUnit.DAYS) + "&bucket=minute",
				"/bucket");
		assertInvalid(owner, statsPath(model) + "?bucket=week", "/bucket");
		assertInvalid(owner, statsPath(model) + "?from=yesterday", "/from");
		assertInvalid(owner, statsPath(model) + "?api_key=not-a-key", "/api_key");
		assertInvalid(owner, statsPath(model) + "/errors?limit=501", "/limit");
		assertThat(owner.get(statsPath(model) + "?from=" + now.minus(400, ChronoUnit.DAYS) + "&to=" + now).status())
			.isEqualTo(200);
	}

	@Test
	void listsEveryModelTheCallerOwnsOrSeesWithItsUsage() {
		ApiClient owner = newUser();
		JsonNode busy = upload(owner, "sklearn/iris_rf.joblib", "a busy one");
		JsonNode idle = upload(owner, "sklearn/iris_rf.joblib", "b idle one");
		ApiClient other = newUser();
		JsonNode shared = upload(other, "sklearn/iris_rf.joblib", "c shared one");
		String email = owner.get("/api/v1/auth/me").json().get("email").asString();
		other.post("/api/v1/models/" + shared.get("id").asString() + "/shares",
				Map.of("email", email, "permission", "use"));
		upload(other, "sklearn/iris_rf.joblib", "not shared");
		for (int i = 0; i < 3; i++) {
			owner.post(predictPath(busy), ROW);
		}
		owner.post(predictPath(busy), BAD_ROW);
		owner.post(predictPath(shared), ROW);
		this.ledger.flush();

		JsonNode rows = owner.get("/api/v1/stats/models").json();
		assertThat(rows).hasSize(3);
		assertThat(rows).extracting((row) -> row.get("name").asString())
			.containsExactly("a busy one", "b idle one", "c shared one");
		JsonNode first = rows.get(0);
		assertThat(first.get("model_id").asString()).isEqualTo(busy.get("id").asString());
		assertThat(first.get("total_requests").asLong()).isEqualTo(4);
		assertThat(first.get("requests_last24h").asLong()).isEqualTo(4);
		assertThat(first.get("success_rate24h").asDouble()).isEqualTo(0.75);
		assertThat(first.get("avg_latency_ms24h").asDouble()).isPositive();
		assertThat(first.has("last_request_at")).isTrue();
		assertThat(rows.get(1).get("total_requests").asLong()).isZero();
		assertThat(rows.get(1).has("last_request_at")).isFalse();
		assertThat(rows.get(2).get("total_requests").asLong()).isEqualTo(1);
		assertThat(rows.get(2).get("permission").asString()).isEqualTo("use");
	}

	/**
	 * Records written earlier (by another replica, or before a restart) are in the
	 * figures: nothing is kept in memory. The period spans whole hours (hour rollup) and
	 * minutes at both edges (minute rollup).
	 */
	@Test
	void countsRecordsStoredBeforeFromTheRollups() {
		ApiClient owner = newUser();
		JsonNode model = upload(owner, "sklearn/iris_rf.joblib");
		String id = model.get("id").asString();
		Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(10, ChronoUnit.DAYS);
		var records = new ArrayList<UsageRecord>();
		// 09:59:30 (out), 10:00:10, 10:30, 11:15 (hour row), 12:05, 12:06:59 (edges),
		// 12:07 (out)
		long[] secondsAfter = { -30, 10, 1800, 4500, 7500, 7619, 7620 };
		long[] latencyMicros = { 100, 800, 3_000, 40_000, 700_000, 20_000_000, 5 };
		int[] statuses = { 200, 200, 400, 200, 503, 200, 200 };
		for (int i = 0; i < secondsAfter.length; i++) {
			records.add(new UsageRecord(UUID.randomUUID().toString(), "old-" + i, id, 1, "someone", null, "modelhost",
					statuses[i], 1, latencyMicros[i], 0, 1, base.plusSeconds(secondsAfter[i]),
					(statuses[i] >= 400) ? "model-busy" : null, null));
		}
		this.store.insert(records.subList(0, 4));
		this.store.insert(records.subList(4, 7));

		JsonNode stats = owner
			.get(statsPath(model) + "?from=" + base.plusSeconds(5) + "&to=" + base.plusSeconds(7619) + "&bucket=hour")
			.json();
		assertThat(stats.get("from").asString()).isEqualTo(base.toString());
		assertThat(stats.get("to").asString()).isEqualTo(base.plusSeconds(7620).toString());
		JsonNode period = stats.get("period");
		assertThat(period.get("total").asLong()).isEqualTo(5);
		assertThat(period.get("success").asLong()).isEqualTo(3);
		assertThat(period.get("client_error").asLong()).isEqualTo(1);
		assertThat(period.get("server_error").asLong()).isEqualTo(1);
		JsonNode latency = stats.get("latency");
		assertThat(latency.get("min_ms").asDouble()).isEqualTo(0.8);
		assertThat(latency.get("max_ms").asDouble()).isEqualTo(20_000.0);
		assertThat(latency.get("avg_ms").asDouble()).isCloseTo((800 + 3_000 + 40_000 + 700_000 + 20_000_000) / 5000.0,
				within(1e-9));
		assertThat(latency.get("p50_ms").asDouble()).isEqualTo(40.0);
		assertThat(stats.get("series")).hasSize(3);
		assertThat(stats.get("series")).extracting((point) -> point.get("total").asLong()).containsExactly(2L, 1L, 2L);
		assertThat(stats.get("total_requests").asLong()).isEqualTo(7);
		assertThat(stats.get("last_request_at").asString()).isEqualTo(base.plusSeconds(7620).toString());
		List<Long> histogram = new ArrayList<>();
		stats.get("latency_histogram").forEach((bucket) -> histogram.add(bucket.get("count").asLong()));
		assertThat(histogram).containsExactly(1L, 0L, 1L, 0L, 0L, 1L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 1L);

		// days, hours and minutes: the earlier record is in, the last one still out
		JsonNode days = owner
			.get(statsPath(model) + "?from=" + base.minus(3, ChronoUnit.DAYS).plusSeconds(5) + "&to="
					+ base.plusSeconds(7619) + "&bucket=day")
			.json();
		assertThat(days.get("period").get("total").asLong()).isEqualTo(6);
		assertThat(days.get("series").size()).as("4 days, 5 when the records cross midnight").isBetween(4, 5);
		assertThat(days.get("latency").get("min_ms").asDouble()).isEqualTo(0.1);
		assertSeriesAddsUp(days, 6, 4, 1);

		JsonNode errors = owner
			.get(statsPath(model) + "/errors?from=" + base.minusSeconds(60) + "&to=" + base.plusSeconds(9000))
			.json();
		assertThat(errors).extracting((error) -> error.get("request_id").asString()).containsExactly("old-4", "old-2");
		assertThat(errors.get(0).get("type").asString()).endsWith("/model-busy");
		assertThat(errors.get(0).get("outcome").asString()).isEqualTo("server_error");
	}

	private static int timed(ApiClient client, String path, Object body, List<Double> millis) {
		long start = System.nanoTime();
		int status = client.post(path, body).status();
		millis.add((System.nanoTime() - start) / 1e6);
		return status;
	}

	private static void assertSeriesAddsUp(JsonNode stats, long total, long success, long clientErrors) {
		long[] sums = new long[3];
		for (JsonNode point : stats.get("series")) {
			sums[0] += point.get("total").asLong();
			sums[1] += point.get("success").asLong();
			sums[2] += point.get("client_error").asLong();
			assertThat(point.get("total").asLong()).isEqualTo(point.get("success").asLong()
					+ point.get("client_error").asLong() + point.get("server_error").asLong());
		}
		assertThat(sums).containsExactly(total, success, clientErrors);
	}

	private static void assertInvalid(ApiClient client, String path, String pointer) {
		ApiClient.Response response = client.get(path);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("type").asString()).endsWith("/invalid-request");
		assertThat(response.json().get("errors").get(0).get("pointer").asString()).isEqualTo(pointer);
	}

	private static String statsPath(JsonNode model) {
		return "/api/v1/models/" + model.get("id").asString() + "/stats";
	}

}

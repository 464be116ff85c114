package io.modelhost.usage;

import java.util.List;
import java.util.Map;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.usage.internal.UsageStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class UsageRecordsTests extends HttpTests {

	@Autowired
	UsageLedger ledger;

	@Autowired
	JdbcClient jdbc;

	@Test
	void recordsEveryPredictionWithItsOutcome() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		ApiClient keyed = apiKeyClient(user);
		var row = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));
		ApiClient.Response ok = user.with("X-Request-Id", "usage-ok-1").post(predictPath(model), row);
		ApiClient.Response viaKey = keyed.post(predictPath(model),
				Map.of("inputs", List.of(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8))));
		ApiClient.Response bad = user.post(predictPath(model), Map.of("inputs", List.of(List.of("x"))));
		ApiClient stranger = newUser();
		stranger.post(predictPath(model), row); // 404: not attributed to anyone's model
		assertThat(List.of(ok.status(), viaKey.status(), bad.status())).containsExactly(200, 200, 400);

		this.ledger.flush();
		List<Map<String, Object>> records = this.jdbc
			.sql("SELECT * FROM usage_record WHERE model_id = :id ORDER BY created_at")
			.param("id", model.get("id").asString())
			.query()
			.listOfRows();
		assertThat(records).hasSize(3);
		assertThat(records).extracting((r) -> r.get("status")).containsExactly(200, 200, 400);
		assertThat(records).extracting((r) -> r.get("outcome")).containsExactly("success", "success", "client_error");
		assertThat(records.get(0).get("request_id")).isEqualTo("usage-ok-1");
		assertThat(records.get(0).get("api_key_id")).isNull();
		assertThat(records.get(1).get("api_key_id")).isNotNull();
		assertThat(records.get(1).get("request_id")).isEqualTo(viaKey.header("X-Request-Id"));
		assertThat(records).extracting((r) -> r.get("rows_count")).containsExactly(1, 2, 0);
		assertThat(records).extracting((r) -> r.get("model_version")).containsOnly(1);
		assertThat(records).extracting((r) -> r.get("protocol")).containsOnly("modelhost");
		assertThat(records).allSatisfy((r) -> assertThat((Long) r.get("latency_micros")).isPositive());
		assertThat(records.get(0).get("batch_size")).isEqualTo(1);
	}

	@Test
	void neverRecordsARequestTwiceEvenWhenTheSameRequestIdIsReused() {
		ApiClient user = newUser();
		JsonNode model = upload(user, "sklearn/iris_rf.joblib");
		var row = Map.of("inputs", List.of(List.of(5.1, 3.5, 1.4, 0.2)));
		for (int i = 0; i < 3; i++) {
			user.with("X-Request-Id", "same-id").post(predictPath(model), row);
		}
		this.ledger.flush();
		Long count = this.jdbc.sql("SELECT COUNT(*) FROM usage_record WHERE model_id = :id")
			.param("id", model.get("id").asString())
			.query(Long.class)
			.single();
		assertThat(count).as("three requests, three records, one correlation id").isEqualTo(3);
	}

	@Test
	void writingARecordAgainAfterAPartialFailureKeepsOneCopy(@Autowired UsageStore store) {
		var record = new UsageRecord(java.util.UUID.randomUUID().toString(), "r", "m", 1, "u", null, "modelhost", 200,
				1, 10, 0, 1, java.time.Instant.now());
		store.insert(List.of(record));
		store.insert(List.of(record, record));
		Long count = this.jdbc.sql("SELECT COUNT(*) FROM usage_record WHERE id = :id")
			.param("id", record.id())
			.query(Long.class)
			.single();
		assertThat(count).isEqualTo(1);
	}

}

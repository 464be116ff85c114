package io.modelhost.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.modelhost.HttpTests;
import io.modelhost.usage.internal.UsageRetention;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage records and rollups past their retention are deleted (records after 90 days,
 * minute rollups after 30, hour rollups after 400), day rollups and fresh rows kept, on
 * the real database.
 */
class UsageRetentionTests extends HttpTests {

	@Autowired
	UsageLedger ledger;

	@Autowired
	UsageRetention retention;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	@Test
	void deletesRecordsAndRollupsPastTheirRetentionAndKeepsTheRest() {
		String model = UUID.randomUUID().toString();
		Instant now = this.clock.instant();
		for (Duration age : new Duration[] { Duration.ofHours(1), Duration.ofDays(45), Duration.ofDays(100),
				Duration.ofDays(500) }) {
			this.ledger.record(new UsageRecord(UUID.randomUUID().toString(), "r", model, 1, "u", null, "modelhost", 200,
					1, 1000, 0, 1, now.minus(age)));
		}
		this.ledger.flush();
		assertThat(count("usage_record", model)).isEqualTo(4);
		assertThat(count("usage_rollup_minute", model)).isEqualTo(4);

		this.retention.purge();
		// the records of the last 90 days
		assertThat(count("usage_record", model)).isEqualTo(2);
		// the minutes of the last 30 days
		assertThat(count("usage_rollup_minute", model)).isEqualTo(1);
		// the hours of the last 400 days
		assertThat(count("usage_rollup_hour", model)).isEqualTo(3);
		// every day: the totals ever
		assertThat(count("usage_rollup_day", model)).isEqualTo(4);
	}

	private long count(String table, String model) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE model_id = :model")
			.param("model", model)
			.query(Long.class)
			.single();
	}

}

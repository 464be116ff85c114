package io.modelhost.usage.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import io.modelhost.jobs.RecurringWork;
import io.modelhost.usage.UsageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes raw usage records and per-minute and per-hour rollups past their retention
 * ({@code modelhost.usage.record-retention}, {@code minute-rollup-retention},
 * {@code hour-rollup-retention}) every {@code retention-interval}. Per-day rollups, which
 * the totals "ever" read, are kept. Once across replicas ({@link RecurringWork}).
 */
@Component
public class UsageRetention implements RecurringWork {

	private static final Logger log = LoggerFactory.getLogger(UsageRetention.class);

	private final JdbcClient jdbc;

	private final UsageProperties properties;

	private final Clock clock;

	UsageRetention(JdbcClient jdbc, UsageProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public String name() {
		return "usage-retention";
	}

	@Override
	public Duration every() {
		return this.properties.retentionInterval();
	}

	@Override
	public void run() {
		purge();
	}

	/** Deletes what is past its retention now; answers how many rows went. */
	public int purge() {
		int deleted = delete("usage_record", "created_at", this.properties.recordRetention())
				+ delete("usage_rollup_minute", "bucket_start", this.properties.minuteRollupRetention())
				+ delete("usage_rollup_hour", "bucket_start", this.properties.hourRollupRetention());
		if (deleted > 0) {
			log.info("Usage retention deleted {} records and rollups", deleted);
		}
		return deleted;
	}

	private int delete(String table, String column, Duration retention) {
		if (retention.isZero()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM " + table + " WHERE " + column + " < :before")
			.param("before", Timestamp.from(this.clock.instant().minus(retention)))
			.update();
	}

}

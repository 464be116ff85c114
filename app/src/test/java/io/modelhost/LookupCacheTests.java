package io.modelhost;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LookupCacheTests {

	private final FakePool pool = new FakePool();

	private final DatabaseAvailability database = new DatabaseAvailability();

	/** Never fresh: every read goes to the database while it is available. */
	private final LookupCache<String, String> cache = new LookupCache<>(this.database, Duration.ZERO, 100);

	private final AtomicInteger loads = new AtomicInteger();

	LookupCacheTests() {
		this.database.watch(this.pool);
	}

	private static RuntimeException refused() {
		return new DataAccessResourceFailureException("query failed",
				new SQLException("Connection to localhost:5432 refused", "08001"));
	}

	private String load(String key) {
		this.loads.incrementAndGet();
		if (this.pool.down.get()) {
			throw refused();
		}
		return key + "@" + this.loads.get();
	}

	@Test
	void answersFromWhatItLastReadWhileTheDatabaseIsUnreachable() {
		assertThat(this.cache.get("key", this::load)).isEqualTo("key@1");
		this.pool.down.set(true);
		assertThat(this.cache.get("key", this::load)).isEqualTo("key@1");
		assertThat(this.database.available()).isFalse();
		assertThat(this.cache.get("key", this::load)).isEqualTo("key@1");
		assertThat(this.loads).as("no read while the database is known to be away").hasValue(2);
	}

	@Test
	void readsAgainOnceTheProbeReachesTheDatabase() throws InterruptedException {
		this.cache.get("key", this::load);
		this.pool.down.set(true);
		this.cache.get("key", this::load);
		this.pool.down.set(false);
		assertThat(this.database.awaitAvailable(Duration.ofSeconds(10))).isTrue();
		assertThat(this.cache.get("key", this::load)).isEqualTo("key@3");
	}

	@Test
	void failsAsTheDatabaseDoesForAnAnswerNeverRead() {
		this.pool.down.set(true);
		assertThatThrownBy(() -> this.cache.get("new", this::load))
			.isInstanceOf(DataAccessResourceFailureException.class);
	}

	@Test
	void doesNotHideFailuresOtherThanAnUnreachableDatabase() {
		this.cache.get("key", this::load);
		assertThatThrownBy(() -> this.cache.get("key", (k) -> {
			throw new DataIntegrityViolationException("duplicate key", new SQLException("duplicate", "23505"));
		})).isInstanceOf(DataIntegrityViolationException.class);
		assertThat(this.database.available()).isTrue();
	}

	@Test
	void tellsAnUnreachableDatabaseFromABusyPool() {
		var busy = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out"));
		assertThat(DatabaseAvailability.isOutage(busy)).isFalse();
		assertThat(DatabaseAvailability.isRetryable(busy)).as("answered 503 all the same").isTrue();
		var away = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException("timed out", "08001", new SQLException("refused", "08001")));
		assertThat(DatabaseAvailability.isOutage(away)).isTrue();
		var terminated = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		terminated.initApplicationException(
				new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
		assertThat(DatabaseAvailability.isOutage(terminated)).as("the statement's failure behind the rollback's")
			.isTrue();
		assertThat(DatabaseAvailability.isRetryable(new IllegalStateException("a bug"))).isFalse();
	}

	/**
	 * A pool that refuses connections while {@code down}, and hands out valid ones else.
	 */
	private static final class FakePool implements DataSource {

		final AtomicBoolean down = new AtomicBoolean();

		@Override
		public Connection getConnection() throws SQLException {
			if (this.down.get()) {
				throw new SQLException("Connection refused", "08001");
			}
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, args) -> switch (method.getName()) {
						case "isValid" -> true;
						case "close" -> null;
						default -> throw new UnsupportedOperationException(method.getName());
					});
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() {
			return Logger.getGlobal();
		}

		@Override
		public <T> T unwrap(Class<T> type) throws SQLException {
			throw new SQLException("not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> type) {
			return false;
		}

	}

}

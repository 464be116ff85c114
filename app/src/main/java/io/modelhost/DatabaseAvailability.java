package io.modelhost;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether the database can be reached, as the last attempt found: a circuit that opens
 * when a connection or a statement fails for want of the database (a refused or broken
 * connection, not a bad statement or a busy pool), and closes when a probe, run every
 * {@link #PROBE_INTERVAL} while it is open, gets a valid connection again. While it is
 * open, asking the pool for a connection fails at once instead of after the pool's
 * connection timeout ({@link GuardedDataSource}), lookups answer from what they last knew
 * ({@link LookupCache}), and the usage ledger keeps its records in memory. See
 * docs/faults.md.
 * <p>
 * Thread-safe.
 */
public class DatabaseAvailability {

	private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

	/** How often an open circuit tries the database again. */
	static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

	/** The pool itself, unguarded, for the probe; set once the pool exists. */
	private volatile @Nullable DataSource pool;

	/**
	 * Whether the circuit is open: the database could not be reached. Guarded by this.
	 */
	private boolean open;

	/** {@link System#nanoTime()} when the circuit opened. Guarded by this. */
	private long openedAt;

	/**
	 * Whether the database answered the last attempt: false from a failure that means it
	 * cannot be reached until a probe reaches it again.
	 */
	public boolean available() {
		synchronized (this) {
			return !this.open;
		}
	}

	/**
	 * Looks at a failure: if it says the database cannot be reached, opens the circuit
	 * (once, with one log line) and returns true; anything else (a constraint, a bad
	 * statement, a pool busy but reachable) returns false and changes nothing.
	 */
	public boolean unreachable(Throwable failure) {
		if (!isOutage(failure)) {
			return false;
		}
		DataSource probed = this.pool;
		if (probed == null) {
			return true; // no pool to probe, so no circuit to open
		}
		synchronized (this) {
			if (this.open) {
				return true;
			}
			this.open = true;
			this.openedAt = System.nanoTime();
		}
		log.warn("The database is unavailable: {}; answering from what is cached and probing every {} ms",
				rootMessage(failure), PROBE_INTERVAL.toMillis());
		Thread.ofVirtual().name("database-probe").start(() -> probe(probed));
		return true;
	}

	/**
	 * Waits until the database is available again, at most {@code timeout}.
	 * @return whether it is available
	 */
	public boolean awaitAvailable(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this) {
			while (this.open) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			return true;
		}
	}

	/** Remembers the pool for the probe. */
	void watch(DataSource pool) {
		this.pool = pool;
	}

	private void probe(DataSource pool) {
		while (true) {
			try {
				Thread.sleep(PROBE_INTERVAL);
				try (Connection connection = pool.getConnection()) {
					if (connection.isValid(2)) {
						long since;
						synchronized (this) {
							since = System.nanoTime() - this.openedAt;
							this.open = false;
							notifyAll();
						}
						log.info("The database is available again after {} ms", since / 1_000_000);
						return;
					}
				}
			}
			catch (SQLException ex) {
				log.debug("The database is still unavailable: {}", ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Whether a failure says the database cannot be reached: an SQL state of class 08
	 * (connection exception) or 57P (the server shutting down or terminating the
	 * connection), or H2's "database closed", anywhere in its causes. A pool that timed
	 * out for want of a free connection, with the database up, carries no such cause.
	 */
	public static boolean isOutage(Throwable failure) {
		return causes(failure).anyMatch((cause) -> cause instanceof SQLException sql && outageState(sql.getSQLState()));
	}

	/**
	 * Whether a failure should be answered as "the database is unavailable, try again"
	 * (503): an outage, or Spring's exceptions for a resource failure or a failure that
	 * may pass on retry (a lock timeout, a deadlock, a query timeout).
	 */
	public static boolean isRetryable(Throwable failure) {
		return causes(failure).anyMatch((cause) -> cause instanceof DataAccessResourceFailureException
				|| cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
				|| cause instanceof CannotCreateTransactionException
				|| cause instanceof SQLTransientConnectionException) || isOutage(failure);
	}

	/**
	 * A failure and its causes, with the statement's failure that a failed rollback hides
	 * ({@link TransactionSystemException#getApplicationException()}): when the server
	 * terminates a connection, the rollback fails too.
	 */
	private static Stream<Throwable> causes(Throwable failure) {
		var all = new ArrayList<Throwable>();
		var pending = new ArrayDeque<Throwable>(List.of(failure));
		while (!pending.isEmpty() && all.size() < 50) {
			Throwable next = pending.poll();
			for (Throwable cause = next; cause != null && !all.contains(cause); cause = cause.getCause()) {
				all.add(cause);
				if (cause instanceof TransactionSystemException tx && tx.getApplicationException() != null) {
					pending.add(tx.getApplicationException());
				}
			}
		}
		return all.stream();
	}

	private static boolean outageState(@Nullable String state) {
		return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("90098")
				|| state.equals("90121"));
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.toString();
	}

}

package io.modelhost;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The connection pool behind {@link DatabaseAvailability}'s circuit: while the database
 * is unavailable, asking for a connection fails at once (SQL state 08001) instead of
 * waiting the pool's connection timeout, so that management calls answer 503 at once and
 * nothing on the prediction path waits for a database that is not there; a failure to get
 * a connection that means the database cannot be reached opens the circuit.
 */
final class GuardedDataSource extends DelegatingDataSource {

	private final DatabaseAvailability availability;

	GuardedDataSource(DataSource pool, DatabaseAvailability availability) {
		super(pool);
		this.availability = availability;
		availability.watch(pool);
	}

	@Override
	public Connection getConnection() throws SQLException {
		refuseWhileUnavailable();
		try {
			return super.getConnection();
		}
		catch (SQLException ex) {
			this.availability.unreachable(ex);
			throw ex;
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		refuseWhileUnavailable();
		try {
			return super.getConnection(username, password);
		}
		catch (SQLException ex) {
			this.availability.unreachable(ex);
			throw ex;
		}
	}

	private void refuseWhileUnavailable() throws SQLTransientConnectionException {
		if (!this.availability.available()) {
			throw new SQLTransientConnectionException("The database is unavailable", "08001");
		}
	}

}

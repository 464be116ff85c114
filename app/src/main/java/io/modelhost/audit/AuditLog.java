package io.modelhost.audit;

import java.time.Clock;
import java.time.Instant;

import io.modelhost.accounts.Caller;
import io.modelhost.audit.internal.AuditStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Reading the audit log, and keeping it within its retention period. Entries are written
 * by a listener of {@link io.modelhost.accounts.ActionTaken}, never through this façade.
 */
@Service
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private final AuditStore store;

	private final AuditProperties properties;

	private final Clock clock;

	AuditLog(AuditStore store, AuditProperties properties, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The entries the viewer may read that match the query, newest first: an
	 * administrator's are all entries, anyone else's are those they did or own.
	 * @throws NotAnAdministratorException if anyone but an administrator filters by user
	 */
	public AuditPage read(Caller viewer, AuditQuery query) {
		if (viewer.admin()) {
			return this.store.find(null, query);
		}
		if (query.user() != null) {
			throw new NotAnAdministratorException("Filtering by user");
		}
		return this.store.find(viewer.userId(), query);
	}

	/**
	 * Deletes the entries older than the retention period.
	 * @return how many were deleted
	 */
	public int purge() {
		Instant cutoff = this.clock.instant().minus(this.properties.retention());
		int deleted = this.store.deleteBefore(cutoff);
		if (deleted > 0) {
			log.info("Purged {} audit entries older than {}", deleted, cutoff);
		}
		return deleted;
	}

}

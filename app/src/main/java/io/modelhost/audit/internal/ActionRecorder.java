package io.modelhost.audit.internal;

import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelhost.accounts.ActionTaken;
import io.modelhost.audit.AuditEntry;
import io.modelhost.web.ClientAddress;
import io.modelhost.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.IdGenerator;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes an audit entry for every {@link ActionTaken}, synchronously on the publisher's
 * thread, which is the request's: that is where the client address, request id and user
 * agent are.
 * <p>
 * When the action is published inside a transaction, the entry is written after that
 * transaction commits, and not at all if it rolls back: the log records what happened,
 * not what was tried. Without a transaction it is written at once ({@code
 * fallbackExecution}). Either way it is written in a transaction of its own: after a
 * commit the publisher's connection is still bound to the thread but will not commit
 * again.
 * <p>
 * A failed write is logged (with the whole entry, so it can be recovered from the logs)
 * and counted in {@code modelhost.audit.writes{outcome=failure}}, never thrown: the
 * action has happened, and the user must not be told it failed.
 */
@Component
class ActionRecorder {

	private static final Logger log = LoggerFactory.getLogger(ActionRecorder.class);

	private final AuditStore store;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	private final IdGenerator ids;

	private final ClientAddress addresses;

	private final Counter written;

	private final Counter failed;

	ActionRecorder(AuditStore store, PlatformTransactionManager transactions, Clock clock, IdGenerator ids,
			ClientAddress addresses, MeterRegistry meters) {
		this.store = store;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.ids = ids;
		this.addresses = addresses;
		this.written = writes(meters, "success");
		this.failed = writes(meters, "failure");
	}

	private static Counter writes(MeterRegistry meters, String outcome) {
		return Counter.builder("modelhost.audit.writes")
			.description("Audit entries written, or lost because the write failed")
			.tag("outcome", outcome)
			.register(meters);
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(ActionTaken action) {
		@Nullable AuditEntry entry = null;
		try {
			entry = entryFor(action, currentRequest());
			AuditEntry toWrite = entry;
			this.ownTransaction.executeWithoutResult((status) -> this.store.insert(toWrite));
			this.written.increment();
		}
		catch (RuntimeException ex) {
			this.failed.increment();
			log.error("Could not write the audit entry {}; the action itself succeeded",
					(entry != null) ? entry : action, ex);
		}
	}

	private AuditEntry entryFor(ActionTaken action, @Nullable HttpServletRequest request) {
		return new AuditEntry(this.ids.generateId().toString(), this.clock.instant(), action.actor(), action.owner(),
				action.action(), action.targetType(), action.targetId(), action.details(),
				(request != null) ? truncated(this.addresses.of(request)) : null,
				(request != null) ? RequestIds.of(request) : null,
				(request != null) ? truncated(request.getHeader("User-Agent")) : null);
	}

	private static @Nullable HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest() : null;
	}

	/**
	 * At most {@link AuditEntry#MAX_USER_AGENT} characters (the width of the user agent
	 * and address columns), never half a surrogate pair.
	 */
	static @Nullable String truncated(@Nullable String text) {
		if (text == null || text.length() <= AuditEntry.MAX_USER_AGENT) {
			return text;
		}
		int end = AuditEntry.MAX_USER_AGENT;
		if (Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(0, end);
	}

}

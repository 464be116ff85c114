package io.modelhost.audit;

import java.time.Instant;
import java.util.Map;

import io.modelhost.accounts.UserId;
import org.jspecify.annotations.Nullable;

/**
 * One management action in the audit log.
 *
 * @param id the entry's own id (a UUID)
 * @param at when the action was recorded, just after it took effect
 * @param actor who did it
 * @param owner whose resource it concerns, if anyone's
 * @param action what was done, as {@code resource.verb}, e.g. {@code api_key.revoke}
 * @param targetType the kind of resource, e.g. {@code api_key}
 * @param targetId the resource's id
 * @param details a few facts the module kept, e.g. the key's name; never secrets
 * @param clientAddress where the request came from ({@code modelhost.web.trusted-proxies}
 * decides whether {@code X-Forwarded-For} counts); null for an action outside a request
 * @param requestId the request's id ({@code X-Request-Id}); null outside a request
 * @param userAgent the request's {@code User-Agent}, at most {@value #MAX_USER_AGENT}
 * characters; null if it sent none
 */
public record AuditEntry(String id, Instant at, UserId actor, @Nullable UserId owner, String action, String targetType,
		String targetId, Map<String, String> details, @Nullable String clientAddress, @Nullable String requestId,
		@Nullable String userAgent) {

	/** The most characters of a user agent that are kept. */
	public static final int MAX_USER_AGENT = 255;

	public AuditEntry {
		details = Map.copyOf(details);
		if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
			throw new IllegalArgumentException(
					"userAgent must be at most " + MAX_USER_AGENT + " characters but was " + userAgent.length());
		}
	}

}

package io.modelhost.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.accounts.internal.InvitationStore;
import io.modelhost.accounts.internal.Secrets;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.IdGenerator;

/**
 * What administrators do with invitations to register: create, list, revoke. Callers
 * check that the actor is an administrator. A registration uses an invitation through
 * {@link Accounts#register}. Every change publishes an {@link ActionTaken}. Thread-safe.
 */
@Service
public class Invitations {

	/** How long an invitation works unless its creator says otherwise. */
	public static final Duration DEFAULT_LIFETIME = Duration.ofHours(72);

	/** The longest an invitation may work. */
	public static final Duration MAX_LIFETIME = Duration.ofHours(720);

	/** How many invitations a listing shows at most, newest first. */
	static final int LIST_LIMIT = 500;

	private final InvitationStore store;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final IdGenerator ids;

	Invitations(InvitationStore store, ApplicationEventPublisher events, Clock clock, IdGenerator ids) {
		this.store = store;
		this.events = events;
		this.clock = clock;
		this.ids = ids;
	}

	/**
	 * Creates an invitation.
	 * @param actor the administrator creating it
	 * @param email the only address it admits, or null for any
	 * @param lifetime how long it works, from now: positive and at most
	 * {@link #MAX_LIFETIME}
	 * @return the invitation and its token, which is not kept
	 */
	@Transactional
	public IssuedInvitation create(UserId actor, @Nullable String email, Duration lifetime) {
		if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
			throw new IllegalArgumentException(
					"lifetime must be positive and at most " + MAX_LIFETIME + " but was " + lifetime);
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		String normalized = (email != null) ? email.strip().toLowerCase(Locale.ROOT) : null;
		var invitation = new Invitation(this.ids.generateId().toString(), normalized, actor, now, now.plus(lifetime),
				null, null);
		String token = "mhi_" + Secrets.random(32);
		this.store.insert(invitation, Secrets.sha256(token));
		// the address is the invitee's: kept in the audit entry as a fact about the
		// invitation, never the token
		this.events.publishEvent(new ActionTaken(actor, null, "invitation.create", "invitation", invitation.id(),
				(normalized != null) ? Map.of("email", normalized) : Map.of()));
		return new IssuedInvitation(invitation, token);
	}

	/** The invitations, newest first (the latest {@value #LIST_LIMIT}). */
	public List<Invitation> list() {
		return this.store.list(LIST_LIMIT);
	}

	/**
	 * Revokes an invitation so that no registration can use it; revoking one that is used
	 * or revoked already changes nothing.
	 * @throws InvitationNotFoundException if no invitation has this id
	 */
	@Transactional
	public void revoke(UserId actor, String id) {
		if (!this.store.revoke(id, this.clock.instant().truncatedTo(ChronoUnit.MICROS))) {
			throw new InvitationNotFoundException();
		}
		this.events.publishEvent(new ActionTaken(actor, null, "invitation.revoke", "invitation", id));
	}

}

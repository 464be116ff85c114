package io.modelhost.dashboard;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.modelhost.accounts.UserId;
import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * A user's dashboard sessions, as the session store (Spring Session JDBC) indexes them by
 * the signed-in user's id: listed, and ended one by one.
 */
@Component
class BrowserSessions {

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	BrowserSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.sessions = sessions;
	}

	/** The user's live sessions, the most recently used first. */
	List<BrowserSession> of(UserId user, @Nullable String current) {
		return this.sessions.findByPrincipalName(user.value())
			.values()
			.stream()
			.filter((session) -> !session.isExpired())
			.map((session) -> new BrowserSession(handle(session.getId()), session.getCreationTime(),
					session.getLastAccessedTime(), session.getId().equals(current)))
			.sorted(Comparator.comparing(BrowserSession::lastUsed).reversed())
			.toList();
	}

	/**
	 * Ends one of the user's sessions, named by its handle: it is deleted from the store,
	 * so its browser is signed out at its next request. Answers false for a handle that
	 * names none of theirs.
	 */
	boolean end(UserId user, String handle) {
		for (String id : this.sessions.findByPrincipalName(user.value()).keySet()) {
			if (handle(id).equals(handle)) {
				this.sessions.deleteById(id);
				return true;
			}
		}
		return false;
	}

	/**
	 * What a page shows of a session and its forms send back: a digest of its id, which
	 * does not give the session away.
	 */
	static String handle(String id) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return java.util.HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One session.
	 *
	 * @param handle a digest of its id, which names it on the page
	 * @param since when it began (the sign-in)
	 * @param lastUsed its last request
	 * @param current whether it is the browser asking
	 */
	record BrowserSession(String handle, Instant since, Instant lastUsed, boolean current) {

	}

}

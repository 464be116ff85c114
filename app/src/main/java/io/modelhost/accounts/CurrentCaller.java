package io.modelhost.accounts;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the request being handled on this thread, if one authenticated. */
public final class CurrentCaller {

	private CurrentCaller() {
	}

	public static Optional<Caller> get() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof Caller caller) ? Optional.of(caller)
				: Optional.empty();
	}

}

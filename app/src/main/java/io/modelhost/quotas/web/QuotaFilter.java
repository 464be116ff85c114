package io.modelhost.quotas.web;

import java.io.IOException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.modelhost.accounts.CurrentCaller;
import io.modelhost.quotas.Quotas;
import io.modelhost.quotas.Quotas.Decision;
import io.modelhost.web.ClientAddress;
import io.modelhost.web.ProblemResponses;
import io.modelhost.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Charges each request it is registered for and finds {@code charged} to its quotas, and
 * answers 429 when one is spent: the caller's (key and user) after authentication, or the
 * client address's network for anonymous requests and for requests it sees before
 * authentication. Every response carries the IETF draft's {@code RateLimit-Policy} (each
 * bucket charged) and {@code RateLimit} (the one closest to empty) fields; a 429 also
 * carries {@code Retry-After}, a whole number of seconds, at least 1. While the quota
 * store (Redis) cannot be reached, a request passes without those fields, or gets 503
 * {@code quotas-unavailable}, as {@code modelhost.quotas.redis-unavailable} says.
 */
final class QuotaFilter extends OncePerRequestFilter {

	/** Seconds to wait after a 503 for want of the quota store. */
	private static final String STORE_RETRY_AFTER = "5";

	private final Quotas quotas;

	private final ClientAddress addresses;

	private final ProblemResponses problems;

	private final Predicate<HttpServletRequest> charged;

	private final Charge charge;

	QuotaFilter(Quotas quotas, ClientAddress addresses, ProblemResponses problems,
			Predicate<HttpServletRequest> charged, Charge charge) {
		this.quotas = quotas;
		this.addresses = addresses;
		this.problems = problems;
		this.charged = charged;
		this.charge = charge;
	}

	/** Whose buckets a request is charged to. */
	enum Charge {

		/** The authenticated caller's, or the address's if there is none. */
		CALLER,

		/** The client address's network's, whoever the caller is. */
		ADDRESS

	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.quotas.enabled() || !this.charged.test(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Decision decision = switch (this.charge) {
			case CALLER -> CurrentCaller.get()
				.map(this.quotas::charge)
				.orElseGet(() -> this.quotas.chargeAnonymous(this.addresses.network(request)));
			case ADDRESS -> this.quotas.chargeAnonymous(this.addresses.network(request));
		};
		if (decision.storeUnavailable()) {
			if (!decision.allowed()) {
				response.setHeader("Retry-After", STORE_RETRY_AFTER);
				this.problems.write(request, response,
						Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "quotas-unavailable", "Quotas unavailable",
								"The server cannot count this request against its quota just now. Try again in "
										+ STORE_RETRY_AFTER + " s."));
				return;
			}
			chain.doFilter(request, response); // failing open: uncounted, so no RateLimit
												// fields
			return;
		}
		response.setHeader("RateLimit-Policy", decision.states()
			.stream()
			.map((s) -> "\"" + s.policy() + "\";q=" + s.limit().requests() + ";w=" + s.limit().period().toSeconds())
			.collect(Collectors.joining(", ")));
		Decision.State tightest = decision.states()
			.stream()
			.min((a, b) -> Double.compare((double) a.remaining() / a.limit().requests(),
					(double) b.remaining() / b.limit().requests()))
			.orElseThrow();
		response.setHeader("RateLimit",
				"\"" + tightest.policy() + "\";r=" + tightest.remaining() + ";t=" + tightest.secondsToFull());
		if (!decision.allowed()) {
			Decision.State refused = decision.states().getLast();
			long retryAfter = Math.max(1, (refused.nanosToRefill() + 999_999_999L) / 1_000_000_000L);
			response.setHeader("Retry-After", Long.toString(retryAfter));
			var problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Quota exceeded",
					"The " + refused.policy() + " quota of " + refused.limit().requests() + " requests per "
							+ refused.limit().period().toSeconds() + " s is spent. Retry after " + retryAfter + " s.");
			problem.setProperty("policy", refused.policy());
			this.problems.write(request, response, problem);
			return;
		}
		chain.doFilter(request, response);
	}

}

package io.modelhost.quotas.web;

import java.io.IOException;
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
 * Charges each API request to its quotas, after authentication (so the caller is known),
 * and answers 429 when one is spent. Every response carries the IETF draft's
 * {@code RateLimit-Policy} (each bucket charged) and {@code RateLimit} (the one closest
 * to empty) fields; a 429 also carries {@code Retry-After}, a whole number of seconds, at
 * least 1.
 */
final class QuotaFilter extends OncePerRequestFilter {

	private final Quotas quotas;

	private final ClientAddress addresses;

	private final ProblemResponses problems;

	QuotaFilter(Quotas quotas, ClientAddress addresses, ProblemResponses problems) {
		this.quotas = quotas;
		this.addresses = addresses;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !this.quotas.enabled() || path.startsWith("/v2/health/") || path.startsWith("/v3/api-docs");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Decision decision = CurrentCaller.get()
			.map(this.quotas::charge)
			.orElseGet(() -> this.quotas.chargeAnonymous(this.addresses.network(request)));
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

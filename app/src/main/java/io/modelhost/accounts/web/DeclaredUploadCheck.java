package io.modelhost.accounts.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.StorageLimitReachedException;
import io.modelhost.accounts.UploadPaths;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserLimits;
import io.modelhost.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an upload whose declared length alone would pass its owner's limit on stored
 * bytes, with 413 {@code storage-limit-reached}, before a byte of its body is read (the
 * container would otherwise receive the whole file first). The form's other fields may
 * take up to {@link #FIELDS} of the length, so only what is left is counted as the file:
 * an upload near the limit is received and checked by its file's real size. Runs after
 * the security filters (a filter bean's default order), so the caller is known.
 */
@Component
class DeclaredUploadCheck extends OncePerRequestFilter {

	/** What the multipart form beside the file may take: its fields and part headers. */
	static final long FIELDS = 1024 * 1024;

	private final UserLimits limits;

	private final List<UploadPaths> paths;

	private final ProblemResponses problems;

	DeclaredUploadCheck(UserLimits limits, List<UploadPaths> paths, ProblemResponses problems) {
		this.limits = limits;
		this.paths = List.copyOf(paths);
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String contentType = request.getContentType();
		return !"POST".equals(request.getMethod()) || request.getContentLengthLong() <= FIELDS || contentType == null
				|| !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<UserId> owner = owner(request);
		if (owner.isPresent()) {
			try {
				this.limits.checkStorage(owner.get(), request.getContentLengthLong() - FIELDS);
			}
			catch (StorageLimitReachedException ex) {
				// the body is not read: the answer goes out at once, and the connection
				// closes after it
				response.setHeader("Connection", "close");
				this.problems.write(request, response, AccountProblems.storageLimitReached(ex));
				response.flushBuffer();
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private Optional<UserId> owner(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Caller caller)) {
			return Optional.empty();
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return this.paths.stream().map((uploads) -> uploads.owner(path, caller)).flatMap(Optional::stream).findFirst();
	}

}

package io.modelhost.audit.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;
import io.modelhost.audit.AuditEntry;
import io.modelhost.audit.AuditLog;
import io.modelhost.audit.AuditPage;
import io.modelhost.audit.AuditQuery;
import io.modelhost.audit.InvalidAuditQueryException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static io.modelhost.web.QueryParameters.blankToNull;
import static io.modelhost.web.QueryParameters.instant;
import static io.modelhost.web.QueryParameters.number;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit log", description = "Who did which management action, when and from where")
class AuditController {

	private static final Pattern ACTION = Pattern.compile("[a-z0-9_.]{1,100}");

	private static final Pattern USER_ID = Pattern.compile("[0-9a-f-]{36}");

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping
	@Operation(summary = "Read the audit log",
			description = "Newest first, paginated. You see the actions you did and those done to your things; "
					+ "administrators see all, and may filter by user. Access tokens only.")
	AuditPageResponse list(Caller caller, @Parameter(
			description = "One action, e.g. model.delete, or a prefix ending in a dot, e.g. model.") @RequestParam(
					required = false) @Nullable String action,
			@Parameter(description = "Only entries about this resource") @RequestParam(name = "target_id",
					required = false) @Nullable String targetId,
			@Parameter(description = "ISO-8601 instant: entries at or after it") @RequestParam(
					required = false) @Nullable String since,
			@Parameter(description = "ISO-8601 instant: entries before it") @RequestParam(
					required = false) @Nullable String until,
			@Parameter(description = "Administrators only: entries this user did or owns") @RequestParam(
					required = false) @Nullable String user,
			@Parameter(description = "The page, from 0") @RequestParam(defaultValue = "0") String page,
			@Parameter(description = "Entries per page, 1-100") @RequestParam(defaultValue = "20") String size) {
		return AuditPageResponse.of(this.audit.read(caller, query(action, targetId, since, until, user, page, size)));
	}

	/**
	 * The parameters as a query; each is checked here, so that a bad one is a 400 naming
	 * it.
	 */
	private static AuditQuery query(@Nullable String action, @Nullable String targetId, @Nullable String since,
			@Nullable String until, @Nullable String user, String page, String size) {
		action = blankToNull(action);
		if (action != null && !ACTION.matcher(action).matches()) {
			throw new InvalidAuditQueryException("action",
					"action must be an action such as model.delete, or a prefix ending in a dot such as model.");
		}
		targetId = blankToNull(targetId);
		if (targetId != null && targetId.length() > 255) {
			throw new InvalidAuditQueryException("target_id", "target_id must be at most 255 characters");
		}
		user = blankToNull(user);
		if (user != null && !USER_ID.matcher(user).matches()) {
			throw new InvalidAuditQueryException("user", "user must be a user id");
		}
		Instant from = instant("since", since);
		Instant to = instant("until", until);
		if (from != null && to != null && !from.isBefore(to)) {
			throw new InvalidAuditQueryException("until", "until must be after since");
		}
		return new AuditQuery((user != null) ? new UserId(user) : null, action, targetId, from, to,
				number("page", page, 0, 1_000_000), number("size", size, 1, AuditQuery.MAX_SIZE));
	}

	record AuditEntryResponse(String id, Instant at, String actorId, @Nullable String ownerId, String action,
			String targetType, String targetId, Map<String, String> details, @Nullable String clientAddress,
			@Nullable String requestId, @Nullable String userAgent) {

		static AuditEntryResponse of(AuditEntry entry) {
			return new AuditEntryResponse(entry.id(), entry.at(), entry.actor().value(),
					(entry.owner() != null) ? entry.owner().value() : null, entry.action(), entry.targetType(),
					entry.targetId(), entry.details(), entry.clientAddress(), entry.requestId(), entry.userAgent());
		}

	}

	record AuditPageResponse(List<AuditEntryResponse> items, int page, int size, long total) {

		static AuditPageResponse of(AuditPage page) {
			return new AuditPageResponse(page.entries().stream().map(AuditEntryResponse::of).toList(), page.page(),
					page.size(), page.total());
		}

	}

}

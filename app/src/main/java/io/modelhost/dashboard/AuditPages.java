package io.modelhost.dashboard;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;
import io.modelhost.audit.AuditEntry;
import io.modelhost.audit.AuditLog;
import io.modelhost.audit.AuditPage;
import io.modelhost.audit.AuditQuery;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log as a page: who did which management action, when and from where. As in
 * the API, a user sees what they did and what was done to their things; an administrator
 * sees everything and may filter by user.
 */
@Controller
class AuditPages {

	private static final int PAGE_SIZE = 50;

	private static final Pattern ACTION = Pattern.compile("[a-z0-9_.]{1,100}");

	private static final Pattern USER_ID = Pattern.compile("[0-9a-f-]{36}");

	private final AuditLog audit;

	private final Accounts accounts;

	AuditPages(AuditLog audit, Accounts accounts) {
		this.audit = audit;
		this.accounts = accounts;
	}

	@GetMapping("/audit")
	String list(Caller caller, @RequestParam(defaultValue = "") String action,
			@RequestParam(defaultValue = "") String target, @RequestParam(defaultValue = "") String since,
			@RequestParam(defaultValue = "") String until, @RequestParam(defaultValue = "") String user,
			@RequestParam(defaultValue = "0") int page, HttpServletResponse response, ModelMap model) {
		model.addAttribute("action", action);
		model.addAttribute("target", target);
		model.addAttribute("since", since);
		model.addAttribute("until", until);
		model.addAttribute("user", user);
		String error = null;
		AuditPage found = null;
		try {
			found = this.audit.read(caller, query(caller, action, target, since, until, user, page));
		}
		catch (IllegalArgumentException ex) {
			error = ex.getMessage();
		}
		if (error != null || found == null) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("auditError", "Nothing shown: " + error + ".");
			model.addAttribute("entries", List.of());
			model.addAttribute("page", 0);
			model.addAttribute("more", false);
			return "audit/list";
		}
		var names = new HashMap<UserId, String>();
		model.addAttribute("entries",
				found.entries().stream().map((entry) -> Row.of(entry, names, this::name)).toList());
		model.addAttribute("page", found.page());
		model.addAttribute("total", found.total());
		model.addAttribute("more", (long) (found.page() + 1) * found.size() < found.total());
		return "audit/list";
	}

	private String name(UserId user) {
		return this.accounts.find(user).map(Account::username).orElse("user " + user.value().substring(0, 8));
	}

	private static AuditQuery query(Caller caller, String action, String target, String since, String until,
			String user, int page) {
		if (!action.isBlank() && !ACTION.matcher(action.strip()).matches()) {
			throw new IllegalArgumentException(
					"the action is one such as model.delete, or its start ending in a dot such as model.");
		}
		if (target.strip().length() > 255) {
			throw new IllegalArgumentException("the target id has at most 255 characters");
		}
		UserId userId = null;
		if (!user.isBlank()) {
			if (!caller.admin()) {
				throw new IllegalArgumentException("only administrators filter by user");
			}
			if (!USER_ID.matcher(user.strip()).matches()) {
				throw new IllegalArgumentException("the user is a user id");
			}
			userId = new UserId(user.strip());
		}
		Instant from = instant(since, "since");
		Instant to = instant(until, "until");
		if (from != null && to != null && !from.isBefore(to)) {
			throw new IllegalArgumentException("the start must be before the end");
		}
		return new AuditQuery(userId, action.isBlank() ? null : action.strip(),
				target.isBlank() ? null : target.strip(), from, to, Math.max(0, Math.min(page, 1_000_000)), PAGE_SIZE);
	}

	private static @Nullable Instant instant(String text, String which) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					"the " + which + " time is not a date and time such as 2026-01-31T14:00");
		}
	}

	/**
	 * One entry, for reading.
	 *
	 * @param at when
	 * @param actor who did it
	 * @param action what
	 * @param targetType the kind of thing
	 * @param targetId its id
	 * @param link where the thing is shown, or null
	 * @param details the facts kept, as "key: value" pairs
	 * @param from the client address, or "—"
	 */
	record Row(String at, String actor, String action, String targetType, String targetId, @Nullable String link,
			String details, String from) {

		static Row of(AuditEntry entry, Map<UserId, String> names, java.util.function.Function<UserId, String> name) {
			String link = switch (entry.targetType()) {
				case "model" -> "/models/" + entry.targetId();
				case "api_key" -> "/keys";
				case "webhook" -> "/webhooks/" + entry.targetId();
				case "dataset" -> "/datasets/" + entry.targetId();
				default -> null;
			};
			var details = new StringBuilder();
			new TreeMap<>(entry.details()).forEach((key, value) -> details.append((details.isEmpty()) ? "" : "; ")
				.append(key.replace('_', ' '))
				.append(": ")
				.append(value));
			return new Row(ModelRow.CREATED.format(entry.at()), names.computeIfAbsent(entry.actor(), name),
					entry.action(), entry.targetType().replace('_', ' '), entry.targetId(), link, details.toString(),
					(entry.clientAddress() != null) ? entry.clientAddress() : "—");
		}

	}

}

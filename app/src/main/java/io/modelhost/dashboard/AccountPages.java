package io.modelhost.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.Allowance;
import io.modelhost.accounts.ApiKeys;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.InvalidCredentialsException;
import io.modelhost.accounts.PasswordHashingBusyException;
import io.modelhost.accounts.TooManyPasswordChangesException;
import io.modelhost.accounts.LimitOverrides;
import io.modelhost.accounts.UserAdministration;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserLimits;
import io.modelhost.accounts.UserNotFoundException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A user's account page (what they keep against their limits, their password, signing out
 * everywhere, their API keys), and the administrators' page that sets one user's own
 * limits ({@code /admin/**}: administrators only).
 */
@Controller
class AccountPages {

	private final Accounts accounts;

	private final UserLimits limits;

	private final UserAdministration users;

	private final ApiKeys apiKeys;

	private final Clock clock;

	private final BrowserSessions browserSessions;

	AccountPages(Accounts accounts, UserLimits limits, UserAdministration users, ApiKeys apiKeys, Clock clock,
			BrowserSessions browserSessions) {
		this.browserSessions = browserSessions;
		this.accounts = accounts;
		this.limits = limits;
		this.users = users;
		this.apiKeys = apiKeys;
		this.clock = clock;
	}

	@GetMapping("/account")
	String account(Caller caller, HttpServletRequest request, ModelMap page) {
		Account account = this.accounts.find(caller.userId()).orElseThrow(UserNotFoundException::new);
		page.addAttribute("account", account);
		page.addAttribute("standing", Standing.of(this.limits.allowance(caller.userId())));
		Instant now = this.clock.instant();
		page.addAttribute("keys",
				this.apiKeys.list(caller.userId())
					.stream()
					.filter((key) -> key.revokedAt() == null)
					.map((key) -> new OwnKey(key.name(), key.prefix(),
							(key.options().expiresAt() != null && !key.options().expiresAt().isAfter(now)) ? "expired"
									: "active",
							(key.lastUsedAt() != null) ? ModelRow.CREATED.format(key.lastUsedAt()) : "never"))
					.toList());
		HttpSession session = request.getSession(false);
		page.addAttribute("sessions",
				this.browserSessions.of(caller.userId(), (session != null) ? session.getId() : null)
					.stream()
					.map((s) -> new SessionRow(s.handle(), ModelRow.CREATED.format(s.since()),
							ModelRow.CREATED.format(s.lastUsed()), s.current()))
					.toList());
		return "account/overview";
	}

	/**
	 * Ends one of the user's other sessions (this browser's is ended by signing out).
	 */
	@PostMapping("/account/sessions/{handle}/end")
	String endSession(Caller caller, @PathVariable String handle, RedirectAttributes flash) {
		flash.addFlashAttribute("notice",
				this.browserSessions.end(caller.userId(), handle)
						? "Signed out that browser: its next page asks it " + "to sign in."
						: "That session had already ended.");
		return "redirect:/account#sessions";
	}

	/**
	 * A session on the account page.
	 *
	 * @param handle what names it in its form
	 * @param since when it signed in
	 * @param lastUsed its last request
	 * @param current whether it is this browser
	 */
	record SessionRow(String handle, String since, String lastUsed, boolean current) {

	}

	/**
	 * Changes the password with the current one, as the API does: every other session and
	 * token ends; this browser is signed in again with the new password. A refusal is
	 * shown beside the form, nothing changed.
	 */
	@PostMapping("/account/password")
	String changePassword(Caller caller, @RequestParam(defaultValue = "") String current,
			@RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String confirm,
			HttpServletRequest request, HttpServletResponse response, ModelMap page, RedirectAttributes flash) {
		Account account = this.accounts.find(caller.userId()).orElseThrow(UserNotFoundException::new);
		String error = null;
		if (current.isEmpty()) {
			error = "Enter your current password.";
		}
		else if (password.length() < 8 || password.length() > 128) {
			error = "A password has 8 to 128 characters.";
		}
		else if (!password.equals(confirm)) {
			error = "The new password and its repetition differ.";
		}
		if (error == null) {
			try {
				this.accounts.changePassword(caller.userId(), current, password);
			}
			catch (InvalidCredentialsException ex) {
				error = "Your current password is not right. Nothing was changed.";
			}
			catch (TooManyPasswordChangesException ex) {
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
				response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
				page.addAttribute("passwordError", "Too many attempts to change your password. Try again in "
						+ Math.max(1, ex.retryAfter().toMinutes()) + " minutes.");
				return account(caller, request, page);
			}
			catch (PasswordHashingBusyException ex) {
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
				response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
				page.addAttribute("passwordError",
						"The server is busy checking other passwords. Nothing was changed: try again in a moment.");
				return account(caller, request, page);
			}
		}
		if (error != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			page.addAttribute("passwordError", error);
			return account(caller, request, page);
		}
		// the change ended this session too (its credential version is behind): sign in
		// again with the new password, in a new session id
		SecurityContextHolder.clearContext();
		request.changeSessionId();
		try {
			request.login(account.username(), password);
		}
		catch (ServletException ex) {
			return "redirect:/login?changed";
		}
		flash.addFlashAttribute("notice",
				"Password changed. You were signed out everywhere else; API keys keep " + "working.");
		return "redirect:/account";
	}

	/**
	 * Signs the user out everywhere, this browser included: every session, access token
	 * and refresh token issued before ends. Without {@code confirm=yes}, nothing happens.
	 */
	@PostMapping("/account/sign-out-everywhere")
	String signOutEverywhere(Caller caller,
			@RequestParam(name = Confirmation.FIELD, required = false) @Nullable String confirmed,
			HttpServletRequest request) {
		if (!Confirmation.given(confirmed)) {
			return "redirect:/account#sessions";
		}
		this.accounts.signOutEverywhere(caller.userId());
		SecurityContextHolder.clearContext();
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		return "redirect:/login?everywhere";
	}

	/**
	 * One of the user's live API keys, on the account page.
	 *
	 * @param name its name
	 * @param prefix its secret's first characters
	 * @param state active or expired
	 * @param lastUsed when it was last used, for reading
	 */
	record OwnKey(String name, String prefix, String state, String lastUsed) {

	}

	@GetMapping("/admin/users/{id}/limits")
	String userLimits(@PathVariable String id, ModelMap page) {
		UserId user = userId(id);
		Account account = this.users.get(user);
		Allowance allowance = this.limits.allowance(user);
		page.addAttribute("account", account);
		page.addAttribute("standing", Standing.of(allowance));
		page.addAttribute("maxModels", field(allowance.overrides().maxModels(), false));
		page.addAttribute("maxStoredBytes", field(allowance.overrides().maxStoredBytes(), true));
		page.addAttribute("defaults",
				Standing.of(new Allowance(allowance.holdings(), this.limits.defaults(), LimitOverrides.NONE)));
		return "admin/limits";
	}

	@PostMapping("/admin/users/{id}/limits")
	String setUserLimits(Caller caller, @PathVariable String id,
			@RequestParam(name = "max_models", required = false) @Nullable String maxModels,
			@RequestParam(name = "max_stored_bytes", required = false) @Nullable String maxStoredBytes,
			RedirectAttributes flash) {
		UserId user = userId(id);
		String back = "redirect:/admin/users/" + user.value() + "/limits";
		LimitOverrides overrides;
		try {
			overrides = new LimitOverrides(parse(maxModels, false), parse(maxStoredBytes, true));
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("adminError", "Not saved: a limit is empty (the server's default), 'unlimited', "
					+ "a whole number of models, or a size such as 500MB.");
			return back;
		}
		this.users.get(user);
		this.limits.override(caller.userId(), user, overrides);
		flash.addFlashAttribute("notice", "Limits saved.");
		return back;
	}

	/** An override as the form shows it: empty for the default. */
	private static String field(@Nullable Long override, boolean bytes) {
		if (override == null) {
			return "";
		}
		if (override == LimitOverrides.UNLIMITED) {
			return "unlimited";
		}
		return bytes ? Standing.size(override) : override.toString();
	}

	private static @Nullable Long parse(@Nullable String text, boolean bytes) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String value = text.strip();
		if (value.toLowerCase(Locale.ROOT).equals("unlimited")) {
			return LimitOverrides.UNLIMITED;
		}
		long parsed = bytes ? DataSize.parse(value.replace(" ", "")).toBytes() : Long.parseLong(value);
		if (parsed < 0) {
			throw new IllegalArgumentException("a limit must be >= 0 but was " + parsed);
		}
		return parsed;
	}

	private static UserId userId(String id) {
		if (!id.matches("[0-9a-f-]{36}")) {
			throw new UserNotFoundException();
		}
		return new UserId(id);
	}

	/**
	 * What a user keeps and may keep, for reading.
	 *
	 * @param models how many models they keep
	 * @param maxModels how many they may keep, or "no limit"
	 * @param stored the bytes they keep, e.g. "12.5 MB"
	 * @param maxStored how many they may keep, or "no limit"
	 */
	record Standing(long models, String maxModels, String stored, String maxStored) {

		static Standing of(Allowance allowance) {
			Long maxModels = allowance.limits().maxModels();
			Long maxBytes = allowance.limits().maxStoredBytes();
			return new Standing(allowance.holdings().models(), (maxModels != null) ? maxModels.toString() : "no limit",
					ByteSize.text(allowance.holdings().storedBytes()),
					(maxBytes != null) ? ByteSize.text(maxBytes) : "no limit");
		}

		/** Bytes in the largest unit that divides them, or in bytes: a form's value. */
		static String size(long bytes) {
			for (var unit : new String[][] { { "TB", "1099511627776" }, { "GB", "1073741824" }, { "MB", "1048576" },
					{ "KB", "1024" } }) {
				long factor = Long.parseLong(unit[1]);
				if (bytes >= factor && bytes % factor == 0) {
					return (bytes / factor) + unit[0];
				}
			}
			return bytes + "B";
		}

	}

}

package io.modelhost.dashboard;

import java.util.Locale;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.Allowance;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.LimitOverrides;
import io.modelhost.accounts.UserAdministration;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.UserLimits;
import io.modelhost.accounts.UserNotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A user's account page (what they keep against their limits), and the administrators'
 * page that sets one user's own limits ({@code /admin/**}: administrators only).
 */
@Controller
class AccountPages {

	private final Accounts accounts;

	private final UserLimits limits;

	private final UserAdministration users;

	AccountPages(Accounts accounts, UserLimits limits, UserAdministration users) {
		this.accounts = accounts;
		this.limits = limits;
		this.users = users;
	}

	@GetMapping("/account")
	String account(Caller caller, ModelMap page) {
		Account account = this.accounts.find(caller.userId()).orElseThrow(UserNotFoundException::new);
		page.addAttribute("account", account);
		page.addAttribute("standing", Standing.of(this.limits.allowance(caller.userId())));
		return "account/overview";
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

package io.modelhost.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.accounts.ApiKey;
import io.modelhost.accounts.ApiKeyNotFoundException;
import io.modelhost.accounts.ApiKeys;
import io.modelhost.accounts.Caller;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelShares;
import io.modelhost.registry.Permission;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The API keys page: the user's keys with their scope, expiry and last use; creating one
 * (optionally limited to some models and given an expiry), regenerating and revoking.
 * Regenerating and revoking break the applications using the key, so each takes a
 * confirmation (a disclosure on the list, or a page of its own when a form is posted
 * without it). Every change redirects back to the list (Post/Redirect/Get): a new or
 * regenerated key's secret travels in a one-time flash attribute, so it is shown once and
 * reloading the page neither shows it again nor repeats the change.
 */
@Controller
class KeyPages {

	/** A key's name is at most this long, as in the JSON API. */
	private static final int MAX_NAME = 100;

	/** The longest expiry the form offers. */
	private static final int MAX_DAYS = 3650;

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final ApiKeys apiKeys;

	private final ModelRegistry registry;

	private final ModelShares shares;

	private final Clock clock;

	KeyPages(ApiKeys apiKeys, ModelRegistry registry, ModelShares shares, Clock clock) {
		this.apiKeys = apiKeys;
		this.registry = registry;
		this.shares = shares;
		this.clock = clock;
	}

	@GetMapping("/keys")
	String list(Caller caller, ModelMap page) {
		describe(caller, page);
		return "keys/list";
	}

	@PostMapping("/keys")
	String create(Caller caller, @RequestParam String name, @RequestParam(required = false) @Nullable String days,
			@RequestParam(name = "model", required = false) @Nullable List<String> models, ModelMap page,
			HttpServletResponse response, RedirectAttributes flash) {
		Map<String, String> callable = callableModels(caller);
		String error = null;
		Integer expiryDays = null;
		if (name.isBlank() || name.strip().length() > MAX_NAME) {
			error = "Give the key a name of 1 to " + MAX_NAME + " characters.";
		}
		else if (days != null && !days.isBlank()) {
			try {
				expiryDays = Integer.valueOf(days.strip());
			}
			catch (NumberFormatException ex) {
				expiryDays = -1;
			}
			if (expiryDays < 1 || expiryDays > MAX_DAYS) {
				error = "The expiry must be a whole number of days from 1 to " + MAX_DAYS + ", or empty for never.";
			}
		}
		List<String> scope = (models != null) ? List.copyOf(models) : List.of();
		if (error == null && !callable.keySet().containsAll(scope)) {
			error = "A key can only be limited to models you may call.";
		}
		if (error != null) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			page.addAttribute("error", error);
			page.addAttribute("name", name);
			describe(caller, page);
			return "keys/list";
		}
		Instant expiresAt = (expiryDays != null) ? this.clock.instant().plus(Duration.ofDays(expiryDays)) : null;
		ApiKey.Issued issued = this.apiKeys.create(caller.userId(), name, new ApiKey.Options(null, expiresAt, scope));
		return shown(issued, "created", flash);
	}

	/** What regenerating a key does, and the button that does it. */
	@GetMapping("/keys/{id}/regenerate")
	String confirmRegenerate(Caller caller, @PathVariable String id, ModelMap page) {
		ApiKey key = live(caller, id);
		return Confirmation.page(page, "Regenerate “" + key.name() + "”?",
				List.of("A new secret replaces the current one at once.",
						"Every application sending the current secret gets 401 until it is given the new one.",
						"The new secret is shown once, on the next page."),
				"/keys/" + key.id() + "/regenerate", "Regenerate the key", "/keys");
	}

	/**
	 * Regenerates the key when the form says it was confirmed; without that, nothing
	 * changes and the confirmation page is shown.
	 */
	@PostMapping("/keys/{id}/regenerate")
	String regenerate(Caller caller, @PathVariable String id,
			@RequestParam(name = Confirmation.FIELD, required = false) @Nullable String confirmed,
			RedirectAttributes flash) {
		ApiKey key = live(caller, id);
		if (!Confirmation.given(confirmed)) {
			return "redirect:/keys/" + key.id() + "/regenerate";
		}
		return shown(this.apiKeys.regenerate(caller.userId(), id), "regenerated", flash);
	}

	/** What revoking a key does, and the button that does it. */
	@GetMapping("/keys/{id}/revoke")
	String confirmRevoke(Caller caller, @PathVariable String id, ModelMap page) {
		ApiKey key = live(caller, id);
		return Confirmation.page(page, "Revoke “" + key.name() + "”?",
				List.of("Every application using it gets 401 at once.", "This cannot be undone."),
				"/keys/" + key.id() + "/revoke", "Revoke for good", "/keys");
	}

	/**
	 * Revokes the key when the form says it was confirmed; without that, nothing changes
	 * and the confirmation page is shown.
	 */
	@PostMapping("/keys/{id}/revoke")
	String revoke(Caller caller, @PathVariable String id,
			@RequestParam(name = Confirmation.FIELD, required = false) @Nullable String confirmed,
			RedirectAttributes flash) {
		ApiKey key = live(caller, id);
		if (!Confirmation.given(confirmed)) {
			return "redirect:/keys/" + key.id() + "/revoke";
		}
		this.apiKeys.revoke(caller.userId(), id);
		flash.addFlashAttribute("notice", "Revoked “" + key.name() + "”: it no longer works.");
		return "redirect:/keys";
	}

	/**
	 * Renames a live key (its secret, scope and expiry stay), then back to the list; a
	 * blank or too long name is refused beside the list (400), nothing changed.
	 */
	@PostMapping("/keys/{id}/name")
	String rename(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "") String name, ModelMap page,
			HttpServletResponse response, RedirectAttributes flash) {
		ApiKey key = live(caller, id);
		if (name.isBlank() || name.strip().length() > MAX_NAME) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			page.addAttribute("renameError",
					"Not renamed: give “" + key.name() + "” a name of 1 to " + MAX_NAME + " characters.");
			page.addAttribute("renamed", key.id());
			describe(caller, page);
			return "keys/list";
		}
		ApiKey renamed = this.apiKeys.rename(caller.userId(), key.id(), name);
		flash.addFlashAttribute("notice", "Renamed “" + key.name() + "” to “" + renamed.name() + "”.");
		return "redirect:/keys";
	}

	/** The caller's key, not revoked; otherwise the page's 404. */
	private ApiKey live(Caller caller, String id) {
		ApiKey key = this.apiKeys.get(caller.userId(), id);
		if (key.revokedAt() != null) {
			throw new ApiKeyNotFoundException();
		}
		return key;
	}

	/**
	 * Back to the list, which shows the secret this once: the flash attribute lives for
	 * the one redirected request.
	 */
	private static String shown(ApiKey.Issued issued, String what, RedirectAttributes flash) {
		flash.addFlashAttribute("issued", new IssuedKey(issued.key().name(), issued.secret(), what));
		return "redirect:/keys";
	}

	private void describe(Caller caller, ModelMap page) {
		Map<String, String> callable = callableModels(caller);
		Instant now = this.clock.instant();
		var rows = new ArrayList<KeyRow>();
		for (ApiKey key : this.apiKeys.list(caller.userId())) {
			rows.add(KeyRow.of(key, callable, now));
		}
		page.addAttribute("keys", rows);
		page.addAttribute("models", callable);
	}

	/** The models the user may call, id to name: their own and those shared for use. */
	private Map<String, String> callableModels(Caller caller) {
		var query = new ModelQuery(null, null, null, ModelQuery.Sort.NAME, false, 0, 100);
		var models = new LinkedHashMap<String, String>();
		this.registry.list(caller.userId(), query)
			.models()
			.forEach((model) -> models.put(model.id().value(), model.name()));
		for (ModelAccess access : this.shares.sharedWith(caller.userId(), query).models()) {
			if (access.permission().allows(Permission.USE)) {
				models.put(access.model().id().value(), access.model().name());
			}
		}
		return models;
	}

	/**
	 * A key's secret, shown once on the list after creating or regenerating it.
	 *
	 * @param name the key's name
	 * @param secret the secret, which the server does not keep
	 * @param what {@code created} or {@code regenerated}
	 */
	record IssuedKey(String name, String secret, String what) implements java.io.Serializable {

		@Override
		public String toString() {
			return "IssuedKey[" + this.name + "]";
		}

	}

	/**
	 * One key as the page shows it.
	 *
	 * @param id the key's id
	 * @param name its name
	 * @param prefix its first characters
	 * @param created when it was created or last regenerated
	 * @param lastUsed when it last authenticated a request, or "never"
	 * @param expires when it stops working, or "never"
	 * @param scope the names of the models it is limited to, or "all your models"
	 * @param state {@code active}, {@code expired} or {@code revoked}
	 */
	record KeyRow(String id, String name, String prefix, String created, String lastUsed, String expires, String scope,
			String state) {

		static KeyRow of(ApiKey key, Map<String, String> modelNames, Instant now) {
			ApiKey.Options options = key.options();
			String scope = options.modelIds().isEmpty() ? "all your models" : String.join(", ",
					options.modelIds().stream().map((id) -> modelNames.getOrDefault(id, "a model")).toList());
			String state = (key.revokedAt() != null) ? "revoked"
					: (options.expiresAt() != null && !options.expiresAt().isAfter(now)) ? "expired" : "active";
			return new KeyRow(key.id(), key.name(), key.prefix(), WHEN.format(key.createdAt()),
					(key.lastUsedAt() != null) ? WHEN.format(key.lastUsedAt()) : "never",
					(options.expiresAt() != null) ? WHEN.format(options.expiresAt()) : "never", scope, state);
		}

	}

}

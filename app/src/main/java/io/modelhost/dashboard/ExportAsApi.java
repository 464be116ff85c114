package io.modelhost.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.modelhost.accounts.ApiKey;
import io.modelhost.accounts.ApiKeys;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.UserId;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.Permission;
import io.modelhost.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Export as API": a key name (proposed: "<model> export <date>") and one click create an
 * API key that works for this model only, and show it once with the endpoint URL. With
 * htmx the answer fills a dialog on the model's page; without JavaScript it is a page of
 * its own. Reloading either shows the model's page, never the key again.
 */
@Controller
class ExportAsApi {

	/** An API key's name is at most this long. */
	private static final int MAX_KEY_NAME = 100;

	private final ModelRegistry registry;

	private final ApiKeys apiKeys;

	private final PublicUrls urls;

	private final Clock clock;

	ExportAsApi(ModelRegistry registry, ApiKeys apiKeys, PublicUrls urls, Clock clock) {
		this.registry = registry;
		this.apiKeys = apiKeys;
		this.urls = urls;
		this.clock = clock;
	}

	/**
	 * The name the export form proposes: "<model> export <date>", with " (2)", " (3)"…
	 * when one of the user's live keys has it already.
	 */
	String defaultName(UserId user, Model model) {
		Set<String> taken = new HashSet<>();
		this.apiKeys.list(user)
			.stream()
			.filter((key) -> key.revokedAt() == null)
			.forEach((key) -> taken.add(key.name()));
		String base = model.name() + " export " + LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		base = (base.length() <= MAX_KEY_NAME - 5) ? base : base.substring(0, MAX_KEY_NAME - 5);
		String name = base;
		for (int n = 2; taken.contains(name); n++) {
			name = base + " (" + n + ")";
		}
		return name;
	}

	/**
	 * Creates the key and redirects to where it is shown (Post/Redirect/Get): the secret
	 * travels in a one-time flash attribute, so reloading creates no second key.
	 */
	@PostMapping("/models/{id}/export")
	String export(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "") String name,
			RedirectAttributes flash) {
		ModelAccess access = this.registry.access(caller.userId(), ModelId.parse(id));
		Model model = access.model();
		if (model.archived() || !access.permission().allows(Permission.USE)) {
			throw new NotPermittedException(Permission.USE);
		}
		String chosen = name.isBlank() ? defaultName(caller.userId(), model) : name.strip();
		ApiKey.Issued issued = this.apiKeys.create(caller.userId(),
				(chosen.length() <= MAX_KEY_NAME) ? chosen : chosen.substring(0, MAX_KEY_NAME),
				new ApiKey.Options(null, null, List.of(model.id().value())));
		flash.addFlashAttribute("exported", new KeyPages.IssuedKey(issued.key().name(), issued.secret(), "created"));
		return "redirect:/models/" + model.id().value() + "/exported";
	}

	/**
	 * The exported key, once: with htmx (which follows the redirect with its header) the
	 * dialog's content, otherwise a page; later, the model's page.
	 */
	@GetMapping("/models/{id}/exported")
	String exported(Caller caller, @PathVariable String id, HttpServletRequest request, ModelMap page) {
		ModelAccess access = this.registry.access(caller.userId(), ModelId.parse(id));
		if (!(page.get("exported") instanceof KeyPages.IssuedKey issued)) {
			return "redirect:/models/" + access.model().id().value();
		}
		page.addAttribute("model", ModelRow.of(access));
		page.addAttribute("endpointUrl", this.urls.of("/api/v1/models/" + access.model().id().value() + "/predict"));
		page.addAttribute("key", issued.secret());
		page.addAttribute("keyName", issued.name());
		return (request.getHeader("HX-Request") != null) ? "models/exported :: key" : "models/exported";
	}

}

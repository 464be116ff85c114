package io.modelhost.dashboard;

import java.util.List;

import io.modelhost.accounts.ApiKey;
import io.modelhost.accounts.ApiKeys;
import io.modelhost.accounts.Caller;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Export as API": one click creates an API key that works for this model only, and shows
 * it once with the endpoint URL. With htmx the answer fills a dialog on the model's page;
 * without JavaScript it is a page of its own. Reloading either shows the model's page,
 * never the key again.
 */
@Controller
class ExportAsApi {

	/** An API key's name is at most this long. */
	private static final int MAX_KEY_NAME = 100;

	private final ModelRegistry registry;

	private final ApiKeys apiKeys;

	private final PublicUrls urls;

	ExportAsApi(ModelRegistry registry, ApiKeys apiKeys, PublicUrls urls) {
		this.registry = registry;
		this.apiKeys = apiKeys;
		this.urls = urls;
	}

	/**
	 * Creates the key and redirects to where it is shown (Post/Redirect/Get): the secret
	 * travels in a one-time flash attribute, so reloading creates no second key.
	 */
	@PostMapping("/models/{id}/export")
	String export(Caller caller, @PathVariable String id, RedirectAttributes flash) {
		ModelAccess access = this.registry.access(caller.userId(), ModelId.parse(id));
		Model model = access.model();
		if (model.archived() || !access.permission().allows(Permission.USE)) {
			throw new NotPermittedException(Permission.USE);
		}
		String name = "Export of " + model.name();
		ApiKey.Issued issued = this.apiKeys.create(caller.userId(),
				(name.length() <= MAX_KEY_NAME) ? name : name.substring(0, MAX_KEY_NAME),
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

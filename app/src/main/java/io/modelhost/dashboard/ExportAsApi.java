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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * "Export as API": one click creates an API key that works for this model only, and shows
 * it once with the endpoint URL. With htmx the answer fills a dialog on the model's page;
 * without JavaScript it is a page of its own.
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

	@PostMapping("/models/{id}/export")
	String export(Caller caller, @PathVariable String id, HttpServletRequest request, ModelMap page) {
		ModelAccess access = this.registry.access(caller.userId(), ModelId.parse(id));
		Model model = access.model();
		if (model.archived() || !access.permission().allows(Permission.USE)) {
			throw new NotPermittedException(Permission.USE);
		}
		String name = "Export of " + model.name();
		ApiKey.Issued issued = this.apiKeys.create(caller.userId(),
				(name.length() <= MAX_KEY_NAME) ? name : name.substring(0, MAX_KEY_NAME),
				new ApiKey.Options(null, null, List.of(model.id().value())));
		page.addAttribute("model", ModelRow.of(access));
		page.addAttribute("endpointUrl", this.urls.of("/api/v1/models/" + model.id().value() + "/predict"));
		page.addAttribute("key", issued.secret());
		page.addAttribute("keyName", issued.key().name());
		return (request.getHeader("HX-Request") != null) ? "models/exported :: key" : "models/exported";
	}

}

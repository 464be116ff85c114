package io.modelhost.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.apidocs.ModelDocs;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A model's endpoint documentation as a page. The Docs URL a model's page shows is the
 * JSON API's ({@code /api/v1/models/{id}/docs}); a signed-in browser opening it (asking
 * for HTML, sending no API credentials) is sent here, where the dashboard's styles may
 * load (the API's answers carry a policy that loads nothing). API clients keep the JSON.
 */
@Controller
class DocsPages {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ModelRegistry registry;

	private final PublicUrls urls;

	DocsPages(ModelRegistry registry, PublicUrls urls) {
		this.registry = registry;
		this.urls = urls;
	}

	/**
	 * A browser at the API's Docs URL: to the page. The header conditions keep every
	 * request with API credentials at the JSON endpoint.
	 */
	@Hidden
	@GetMapping(path = "/api/v1/models/{id}/docs", produces = MediaType.TEXT_HTML_VALUE,
			headers = { "!X-API-Key", "!Authorization" })
	@ResponseStatus(HttpStatus.SEE_OTHER)
	String toPage(Caller caller, @PathVariable String id) {
		ModelAccess access = this.registry.access(caller.userId(), ModelId.parse(id));
		return "redirect:/models/" + access.model().id().value() + "/docs";
	}

	@GetMapping("/models/{id}/docs")
	String page(Caller caller, @PathVariable String id, ModelMap page) {
		ModelAccess access = this.registry.access(caller.userId(), ModelId.parse(id));
		Model model = access.model();
		String base = "/api/v1/models/" + model.id().value();
		ObjectNode docs = ModelDocs.of(model, this.urls.of(base + "/predict"), this.urls.of("/swagger-ui/index.html"));
		page.addAttribute("model", ModelRow.of(access));
		page.addAttribute("endpointUrl", docs.path("endpoint_url").asString());
		page.addAttribute("jsonUrl", base + "/docs");
		page.addAttribute("inputs", rows(docs.path("inputs")));
		page.addAttribute("outputs", rows(docs.path("outputs")));
		page.addAttribute("exampleRequest", pretty(docs.path("example_request")));
		page.addAttribute("exampleResponse", pretty(docs.path("example_response")));
		var snippets = new LinkedHashMap<String, String>();
		docs.path("snippets")
			.properties()
			.forEach((entry) -> snippets.put(entry.getKey(), entry.getValue().asString()));
		page.addAttribute("snippets", snippets);
		return "models/docs";
	}

	/**
	 * The inputs or outputs as table rows, one field to its text; the fields differ by
	 * kind of model (columns, or tensors with a shape). A single object (a tabular
	 * model's target) is one row.
	 */
	private static List<Map<String, String>> rows(JsonNode node) {
		var rows = new ArrayList<Map<String, String>>();
		List<JsonNode> items = new ArrayList<>();
		if (node.isArray()) {
			node.forEach(items::add);
		}
		else if (node.isObject()) {
			items.add(node);
		}
		for (JsonNode item : items) {
			var row = new LinkedHashMap<String, String>();
			item.properties()
				.forEach((field) -> row.put(field.getKey().replace('_', ' '),
						field.getValue().isValueNode() ? field.getValue().asString() : field.getValue().toString()));
			rows.add(row);
		}
		return rows;
	}

	private static String pretty(JsonNode node) {
		return node.isMissingNode() || node.isNull() ? ""
				: JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
	}

}

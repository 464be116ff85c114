package io.modelhost.apidocs.web;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.ModelOutOfScopeException;
import io.modelhost.apidocs.ModelDocs;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Models")
class ModelDocsController {

	private final ModelRegistry registry;

	private final PublicUrls urls;

	ModelDocsController(ModelRegistry registry, PublicUrls urls) {
		this.registry = registry;
		this.urls = urls;
	}

	@GetMapping("/api/v1/models/{id}/docs")
	@Operation(summary = "Documentation of a model's endpoint",
			description = "Endpoint URL, inputs with types, a real example request and the model's answer to it, "
					+ "and curl and Python snippets. Readable with an API key.")
	ObjectNode docs(Caller caller, @PathVariable String id) {
		ModelId modelId = ModelId.parse(id);
		if (!caller.mayUse(modelId.value())) {
			throw new ModelOutOfScopeException();
		}
		Model model = this.registry.get(caller.userId(), modelId);
		return ModelDocs.of(model, this.urls.of("/api/v1/models/" + id + "/predict"),
				this.urls.of("/swagger-ui/index.html"));
	}

}

package io.modelhost.apidocs.web;

import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.ModelOutOfScopeException;
import io.modelhost.apidocs.ModelDocs;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.training.Training;
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

	private final Training training;

	ModelDocsController(ModelRegistry registry, PublicUrls urls, Training training) {
		this.registry = registry;
		this.urls = urls;
		this.training = training;
	}

	@GetMapping("/api/v1/models/{id}/docs")
	@Operation(summary = "Documentation of a model's endpoint",
			description = "Endpoint URL, inputs with types, a real example request and the model's answer to it, "
					+ "and curl and Python snippets; for a model trained here, a summary of its training (task, "
					+ "metric, the winning algorithm and its cross-validated metrics) and where its report is. "
					+ "Readable with an API key.")
	ObjectNode docs(Caller caller, @PathVariable String id) {
		ModelId modelId = ModelId.parse(id);
		if (!caller.mayUse(modelId.value())) {
			throw new ModelOutOfScopeException();
		}
		Model model = this.registry.get(caller.userId(), modelId);
		ObjectNode docs = ModelDocs.of(model, this.urls.of("/api/v1/models/" + id + "/predict"),
				this.urls.of("/swagger-ui/index.html"));
		this.training.servedReport(caller.userId(), modelId).ifPresent((report) -> {
			ObjectNode summary = docs.putObject("training");
			for (String field : List.of("kind", "dataset", "target", "task", "metric", "best", "architecture",
					"best_epoch", "test_metrics", "training_seconds")) {
				if (report.details().has(field)) {
					summary.set(field, report.details().get(field));
				}
			}
			summary.put("report_url", this.urls.of("/api/v1/models/" + id + "/training"));
		});
		return docs;
	}

}

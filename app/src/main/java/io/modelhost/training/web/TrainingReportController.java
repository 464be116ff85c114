package io.modelhost.training.web;

import io.modelhost.accounts.Caller;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelVersion;
import io.modelhost.training.Training;
import io.modelhost.training.TrainingReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The training report of a model trained here. */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Training")
class TrainingReportController {

	private final Training training;

	TrainingReportController(Training training) {
		this.training = training;
	}

	@GetMapping("/{id}/training")
	@Operation(summary = "How a trained model was trained",
			description = "The dataset, target, task, metric, leaderboard, the best candidate's cross-validated "
					+ "metrics, its out-of-fold confusion matrix (classification), feature importance and times. "
					+ "404 for a version that was uploaded rather than trained here. Needs the view permission.")
	JsonNode report(Caller caller, @PathVariable String id,
			@Parameter(description = "A version number; the one the endpoint serves when absent") @RequestParam(
					required = false) @Nullable String version) {
		Integer number = (version != null) ? ModelVersion.parseNumber(version) : null;
		TrainingReport report = this.training.report(caller.userId(), ModelId.parse(id), number);
		ObjectNode body = ((ObjectNode) report.details()).deepCopy();
		body.put("model_id", report.modelId().value());
		body.put("model_version", report.version());
		body.put("trained_at", report.createdAt().toString());
		return body;
	}

}

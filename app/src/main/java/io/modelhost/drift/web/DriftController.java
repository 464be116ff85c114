package io.modelhost.drift.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.modelhost.accounts.Caller;
import io.modelhost.drift.Drift;
import io.modelhost.drift.DriftAlerts;
import io.modelhost.drift.DriftReference;
import io.modelhost.drift.DriftReport;
import io.modelhost.drift.DriftRule;
import io.modelhost.drift.DriftRuleStatus;
import io.modelhost.drift.InvalidDriftRequestException;
import io.modelhost.registry.ModelId;
import io.modelhost.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Drift", description = "A model's reference dataset, and how far current inputs have moved from it")
class DriftController {

	/** The window of captured rows compared when none is given. */
	private static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

	private final Drift drift;

	private final DriftAlerts alerts;

	private final Clock clock;

	DriftController(Drift drift, DriftAlerts alerts, Clock clock) {
		this.drift = drift;
		this.alerts = alerts;
		this.clock = clock;
	}

	@GetMapping("/api/v1/models/{id}/reference")
	@Operation(summary = "A model's drift reference dataset",
			description = "The dataset set for it (source 'set'), else the one its served version was trained on "
					+ "here (source 'training'); source 'none' without dataset_id if neither. Needs the view permission.")
	ResponseEntity<ReferenceResponse> reference(Caller caller, @PathVariable String id) {
		ModelId model = ModelId.parse(id);
		return this.drift.reference(caller.userId(), model)
			.map((reference) -> ResponseEntity.ok(ReferenceResponse.of(model, reference)))
			.orElseGet(() -> ResponseEntity.ok(new ReferenceResponse(model.value(), null, "none", null)));
	}

	@PutMapping(path = "/api/v1/models/{id}/reference", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set a model's drift reference dataset",
			description = "{\"dataset_id\"}: one of your tabular datasets holding a column for each of the model's "
					+ "features (400 listing those it lacks). Needs the edit permission.")
	ReferenceResponse setReference(Caller caller, @PathVariable String id, @RequestBody ReferenceRequest request) {
		ModelId model = ModelId.parse(id);
		return ReferenceResponse.of(model, this.drift.setReference(caller.userId(), model, request.datasetId()));
	}

	@DeleteMapping("/api/v1/models/{id}/reference")
	@Operation(summary = "Clear a model's drift reference dataset",
			description = "The training dataset, if the model was trained here, is its reference again. 204 "
					+ "either way. Needs the edit permission.")
	ResponseEntity<Void> clearReference(Caller caller, @PathVariable String id) {
		this.drift.clearReference(caller.userId(), ModelId.parse(id));
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/v1/models/{id}/drift")
	@Operation(summary = "Drift of a model's captured inputs",
			description = "Compares the rows captured in the window (default: the last 24 hours; the newest "
					+ "10000 at most) with the reference dataset (a uniform sample of 10000 rows at most): per "
					+ "feature a Kolmogorov-Smirnov (numbers) or chi-squared (categories) test, the population "
					+ "stability index over the reference's decile bins or the categories, histograms of both; "
					+ "the same for the predictions. A feature drifted when p < 0.05 and PSI >= 0.1. 409 "
					+ "no-drift-reference or not-enough-rows (at least 30 on each side). Needs the edit "
					+ "permission.")
	DriftReport ofCaptures(Caller caller, @PathVariable String id,
			@Parameter(description = "ISO-8601 instant: rows captured at or after it") @RequestParam(
					required = false) @Nullable String from,
			@Parameter(description = "ISO-8601 instant: rows captured before it") @RequestParam(
					required = false) @Nullable String to) {
		Instant end = QueryParameters.instant("to", to);
		Instant until = (end != null) ? end : this.clock.instant().plusMillis(1);
		Instant start = QueryParameters.instant("from", from);
		Instant since = (start != null) ? start : until.minus(DEFAULT_WINDOW);
		if (!since.isBefore(until)) {
			throw new InvalidDriftRequestException("from", "from must be before to");
		}
		return this.drift.ofCaptures(caller.userId(), ModelId.parse(id), since, until);
	}

	@PostMapping(path = "/api/v1/models/{id}/drift", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Drift of a dataset",
			description = "{\"dataset_id\"}: one of your tabular datasets, compared with the model's reference as "
					+ "GET drift compares captured rows (the model predicts a sample of both for prediction "
					+ "drift). Needs the edit permission.")
	DriftReport ofDataset(Caller caller, @PathVariable String id, @RequestBody ReferenceRequest request) {
		return this.drift.ofDataset(caller.userId(), ModelId.parse(id), request.datasetId());
	}

	@GetMapping("/api/v1/models/{id}/drift/alert-rule")
	@Operation(summary = "A model's drift alert rule",
			description = "Thresholds (unset ones are not watched), window, and since when the alert is open. "
					+ "Needs the view permission.")
	DriftRuleResponse rule(Caller caller, @PathVariable String id) {
		return DriftRuleResponse.of(this.alerts.rule(caller.userId(), ModelId.parse(id)));
	}

	@PutMapping(path = "/api/v1/models/{id}/drift/alert-rule", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set a model's drift alert rule",
			description = "psi (0-10]: the largest PSI of a feature at which to alert; share_drifted (0-1]: the "
					+ "share of drifted features at which to alert; window (ISO-8601 such as PT24H, or 24h; 1h to "
					+ "30d, default 24h): the captured rows compared. Evaluated every modelhost.drift.alert-interval; "
					+ "crossing tells webhooks 'drift.detected' once, until the traffic is back below. Needs "
					+ "capture on and a reference. Needs the edit permission.")
	DriftRuleResponse setRule(Caller caller, @PathVariable String id, @RequestBody DriftRuleRequest request) {
		ModelId model = ModelId.parse(id);
		this.alerts.checkEdit(caller.userId(), model);
		Duration window = DriftRule.DEFAULT_WINDOW;
		if (request.window() != null && !request.window().isBlank()) {
			try {
				window = DurationStyle.detectAndParse(request.window().strip());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidDriftRequestException("window", "window must be a duration such as PT24H or 24h");
			}
		}
		DriftRule rule = new DriftRule(request.psi(), request.shareDrifted(), window);
		return DriftRuleResponse.of(this.alerts.setRule(caller.userId(), model, rule));
	}

	record DriftRuleRequest(@Nullable Double psi, @Nullable Double shareDrifted, @Nullable String window) {

	}

	record DriftRuleResponse(@Nullable Double psi, @Nullable Double shareDrifted, String window, long windowSeconds,
			boolean open, @Nullable Instant openSince) {

		static DriftRuleResponse of(DriftRuleStatus stored) {
			DriftRule rule = stored.rule();
			return new DriftRuleResponse(rule.psi(), rule.shareDrifted(), rule.window().toString(),
					rule.window().toSeconds(), stored.openSince() != null, stored.openSince());
		}

	}

	record ReferenceRequest(@Nullable String datasetId) {

	}

	record ReferenceResponse(String modelId, @Nullable String datasetId, String source, @Nullable Instant setAt) {

		static ReferenceResponse of(ModelId model, DriftReference reference) {
			return new ReferenceResponse(model.value(), reference.datasetId(), reference.source(), reference.setAt());
		}

	}

}

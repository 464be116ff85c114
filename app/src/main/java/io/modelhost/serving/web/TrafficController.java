package io.modelhost.serving.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.modelhost.accounts.Caller;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.registry.InvalidTrafficException;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelVersions;
import io.modelhost.registry.Traffic;
import io.modelhost.serving.RolloutStats;
import io.modelhost.serving.RolloutStats.VersionStats;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A model endpoint's traffic split: a canary version that takes a share of its requests,
 * a shadow version that scores a copy of each, and their statistics side by side with
 * production's.
 */
@RestController
@RequestMapping("/api/v1/models/{id}/traffic")
@Tag(name = "Rollout", description = "Aliases besides production, traffic splits (canary, shadow)")
class TrafficController {

	private final ModelVersions versions;

	private final ModelRegistry registry;

	private final RolloutStats stats;

	TrafficController(ModelVersions versions, ModelRegistry registry, RolloutStats stats) {
		this.versions = versions;
		this.registry = registry;
		this.stats = stats;
	}

	@GetMapping
	@Operation(summary = "How the endpoint splits its requests",
			description = "production's share, the canary and the shadow if any, and each version's requests, "
					+ "errors and latency since the split was set (in this server's memory; the shadow's "
					+ "agreement with production and its dropped copies too). Needs the view permission.")
	TrafficResponse get(Caller caller, @PathVariable String id) {
		ModelId modelId = ModelId.parse(id);
		Optional<Traffic> traffic = this.versions.traffic(caller.userId(), modelId);
		return response(this.registry.get(caller.userId(), modelId), traffic.orElse(null));
	}

	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Split the endpoint's requests: canary, shadow",
			description = "{\"production\": 90, \"canary\": {\"version\": 3, \"percent\": 10}} sends a tenth of the "
					+ "requests to version 3 (the percentages add up to 100); {\"shadow\": {\"version\": 3}} scores "
					+ "a copy of each request with version 3 off the answer path, never returned; both can be "
					+ "given. \"sticky\": \"api_key\" sends each API key always to the same version. Every answer "
					+ "says its model_version. A version whose inputs or outputs differ from production's answers "
					+ "409 incompatible-version unless \"force\": true. Needs the edit permission.")
	TrafficResponse set(Caller caller, @PathVariable String id, @RequestBody TrafficRequest request) {
		ModelId modelId = ModelId.parse(id);
		var problems = new ArrayList<InputProblem>();
		Integer canaryVersion = null;
		int canaryPercent = 0;
		if (request.canary() != null) {
			canaryVersion = required(request.canary().version(), "/canary/version", problems);
			Integer percent = required(request.canary().percent(), "/canary/percent", problems);
			if (percent != null && (percent < 1 || percent > 99)) {
				problems.add(new InputProblem("/canary/percent", "a canary takes 1 to 99 percent"));
			}
			else if (percent != null) {
				canaryPercent = percent;
			}
		}
		Integer shadowVersion = (request.shadow() != null)
				? required(request.shadow().version(), "/shadow/version", problems) : null;
		if (request.canary() == null && request.shadow() == null) {
			problems.add(new InputProblem("",
					"give a canary, a shadow or both; DELETE sends every request to " + "production"));
		}
		if (request.production() == null) {
			if (request.canary() != null) {
				problems.add(new InputProblem("/production", "'production' is required with a canary"));
			}
		}
		else if (request.production() + canaryPercent != 100 && problems.isEmpty()) {
			problems.add(new InputProblem("/production", "production (" + request.production() + "%) and the canary ("
					+ canaryPercent + "%) must add up to 100, not " + (request.production() + canaryPercent)));
		}
		String sticky = request.sticky();
		if (sticky != null && !sticky.equals("none") && !sticky.equals(Traffic.STICKY_API_KEY)) {
			problems.add(new InputProblem("/sticky", "sticky is api_key or none"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidTrafficException(problems);
		}
		Traffic traffic = this.versions.setTraffic(caller.userId(), modelId, canaryVersion, canaryPercent,
				shadowVersion, Traffic.STICKY_API_KEY.equals(sticky), Boolean.TRUE.equals(request.force()));
		return response(this.registry.get(caller.userId(), modelId), traffic);
	}

	@DeleteMapping
	@Operation(summary = "Send every request to production again",
			description = "Removes the canary and the shadow. Needs the edit permission.")
	TrafficResponse delete(Caller caller, @PathVariable String id) {
		ModelId modelId = ModelId.parse(id);
		this.versions.deleteTraffic(caller.userId(), modelId);
		this.stats.forget(modelId);
		return response(this.registry.get(caller.userId(), modelId), null);
	}

	private static @Nullable Integer required(@Nullable Integer value, String pointer, List<InputProblem> problems) {
		if (value == null) {
			problems.add(
					new InputProblem(pointer, "'" + pointer.substring(pointer.lastIndexOf('/') + 1) + "' is required"));
		}
		return value;
	}

	private TrafficResponse response(Model model, @Nullable Traffic traffic) {
		if (traffic == null) {
			return new TrafficResponse(100, model.version().number(), null, null, "none", null, List.of());
		}
		return new TrafficResponse(traffic.productionPercent(), model.version().number(),
				(traffic.canaryVersion() != null) ? new CanaryResponse(traffic.canaryVersion(), traffic.canaryPercent())
						: null,
				(traffic.shadowVersion() != null) ? new ShadowResponse(traffic.shadowVersion()) : null,
				traffic.sticky() ? Traffic.STICKY_API_KEY : "none", traffic.updatedAt(),
				this.stats.of(model.id(), traffic.updatedAt()));
	}

	record TrafficRequest(
			@Schema(description = "production's share of the requests, in percent; with a canary, the two add up "
					+ "to 100") @Nullable Integer production,
			@Schema(description = "A version that takes a share of the requests") @Nullable CanaryRequest canary,
			@Schema(description = "A version that scores a copy of each request, never answering") @Nullable ShadowRequest shadow,
			@Schema(description = "api_key: each API key (or, without one, each user) always reaches the same "
					+ "version; none (default): each request at random") @Nullable String sticky,
			@Schema(description = "Use versions whose inputs or outputs differ from production's") @Nullable Boolean force) {

	}

	record CanaryRequest(@Schema(description = "The canary version") @Nullable Integer version,
			@Schema(description = "Its share of the requests, 1 to 99") @Nullable Integer percent) {

	}

	record ShadowRequest(@Schema(description = "The shadow version") @Nullable Integer version) {

	}

	record TrafficResponse(@Schema(description = "production's share of the requests, in percent") int production,
			@Schema(description = "The version production serves") int productionVersion,
			@Nullable CanaryResponse canary, @Nullable ShadowResponse shadow,
			@Schema(description = "api_key or none") String sticky,
			@Schema(description = "When the split was set; null without one") @Nullable Instant since,
			@Schema(description = "Each version's requests, errors and latency since the split was set, on this "
					+ "server") List<VersionStats> stats) {

	}

	record CanaryResponse(int version, int percent) {

	}

	record ShadowResponse(int version) {

	}

}

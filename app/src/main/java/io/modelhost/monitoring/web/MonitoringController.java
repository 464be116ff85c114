package io.modelhost.monitoring.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import io.modelhost.accounts.Caller;
import io.modelhost.monitoring.Alert;
import io.modelhost.monitoring.AlertRule;
import io.modelhost.monitoring.Alerts;
import io.modelhost.monitoring.IdleFlag;
import io.modelhost.monitoring.IdleModels;
import io.modelhost.monitoring.InvalidMonitoringRequestException;
import io.modelhost.monitoring.PlatformSample;
import io.modelhost.monitoring.ResourceMonitor;
import io.modelhost.monitoring.ResourceSample;
import io.modelhost.monitoring.ResourceSeries;
import io.modelhost.registry.ModelId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Monitoring", description = "Resources per model endpoint and for the platform, alerts, idle models")
class MonitoringController {

	/** The range a series covers when none is given. */
	private static final Duration DEFAULT_RANGE = Duration.ofHours(1);

	private final ResourceMonitor resources;

	private final Alerts alerts;

	private final IdleModels idle;

	private final Clock clock;

	MonitoringController(ResourceMonitor resources, Alerts alerts, IdleModels idle, Clock clock) {
		this.resources = resources;
		this.alerts = alerts;
		this.idle = idle;
		this.clock = clock;
	}

	@GetMapping("/api/v1/models/{id}/resources")
	@Operation(summary = "A model endpoint's resources over time",
			description = "CPU use of its predictions (percent of the machine and seconds), memory of its loaded "
					+ "versions, queue depth: one sample per sample interval, oldest first, at most 10000 (the "
					+ "newest). Default range: the last hour. Also the latest sample and the idle flag. Needs the "
					+ "view permission.")
	ResourcesResponse resources(Caller caller, @PathVariable String id,
			@Parameter(description = "ISO-8601 instant: samples at or after it") @RequestParam(
					required = false) @Nullable String from,
			@Parameter(description = "ISO-8601 instant: samples before it") @RequestParam(
					required = false) @Nullable String to) {
		ModelId model = ModelId.parse(id);
		Range range = Range.of(from, to, this.clock.instant());
		ResourceSeries series = this.resources.series(caller.userId(), model, range.from(), range.to());
		return new ResourcesResponse(model.value(), range.from(), range.to(), this.resources.interval().toMillis(),
				SampleResponse.of(series.latest()),
				IdleResponse.of(this.idle.flag(caller.userId(), model).orElse(null)),
				series.samples().stream().map(SampleResponse::of).toList());
	}

	@GetMapping("/api/v1/models/{id}/resources/current")
	@Operation(summary = "A model endpoint's latest resource sample, and its idle flag",
			description = "Needs the view permission.")
	CurrentResponse current(Caller caller, @PathVariable String id) {
		ModelId model = ModelId.parse(id);
		ResourceSample latest = this.resources.current(caller.userId(), model).orElse(null);
		return new CurrentResponse(model.value(), SampleResponse.of(latest),
				IdleResponse.of(this.idle.flag(caller.userId(), model).orElse(null)));
	}

	@GetMapping("/api/v1/admin/platform/resources")
	@Operation(summary = "The platform's resources over time (administrators)",
			description = "Process CPU (percent of the machine), resident memory, heap in use, models loaded, "
					+ "requests queued: one sample per sample interval, oldest first, at most 10000 (the newest). "
					+ "Default range: the last hour.")
	PlatformResponse platform(
			@Parameter(description = "ISO-8601 instant: samples at or after it") @RequestParam(
					required = false) @Nullable String from,
			@Parameter(description = "ISO-8601 instant: samples before it") @RequestParam(
					required = false) @Nullable String to) {
		Range range = Range.of(from, to, this.clock.instant());
		List<PlatformSample> samples = this.resources.platform(range.from(), range.to());
		return new PlatformResponse(range.from(), range.to(), this.resources.interval().toMillis(),
				samples.isEmpty() ? null : samples.getLast(), samples);
	}

	@GetMapping("/api/v1/models/{id}/alert-rules")
	@Operation(summary = "A model endpoint's alert thresholds",
			description = "Unset thresholds are not watched. Needs the view permission.")
	AlertRuleResponse rule(Caller caller, @PathVariable String id) {
		return AlertRuleResponse.of(this.alerts.rule(caller.userId(), ModelId.parse(id)));
	}

	@PutMapping(path = "/api/v1/models/{id}/alert-rules", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set a model endpoint's alert thresholds",
			description = "Replaces them all; a field left out is not watched. cpu_percent (0-100], memory_mb "
					+ "(0-1048576], error_rate [0-1] (share of requests not answered 2xx), p95_latency_ms "
					+ "(0-3600000], window for error rate and latency (ISO-8601 such as PT5M, or 5m; 1m to 24h, "
					+ "default 5m). Needs the edit permission.")
	AlertRuleResponse setRule(Caller caller, @PathVariable String id, @RequestBody AlertRuleRequest request) {
		ModelId model = ModelId.parse(id);
		AlertRule rule = new AlertRule(request.cpuPercent(), request.memoryMb(), request.errorRate(),
				request.p95LatencyMs(), window(request.window()));
		return AlertRuleResponse.of(this.alerts.setRule(caller.userId(), model, rule));
	}

	@GetMapping("/api/v1/models/{id}/alerts")
	@Operation(summary = "A model endpoint's alerts",
			description = "Newest first, at most 500. Needs the view " + "permission.")
	List<AlertResponse> alerts(Caller caller, @PathVariable String id,
			@Parameter(description = "open (default) or all") @RequestParam(defaultValue = "open") String state) {
		boolean openOnly = switch (state.strip().toLowerCase(Locale.ROOT)) {
			case "open" -> true;
			case "all" -> false;
			default -> throw new InvalidMonitoringRequestException("state", "state must be open or all");
		};
		return this.alerts.alerts(caller.userId(), ModelId.parse(id), openOnly)
			.stream()
			.map(AlertResponse::of)
			.toList();
	}

	private static Duration window(@Nullable String window) {
		if (window == null || window.isBlank()) {
			return AlertRule.DEFAULT_WINDOW;
		}
		try {
			return DurationStyle.detectAndParse(window.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMonitoringRequestException("window", "window must be a duration such as PT5M or 5m");
		}
	}

	private record Range(Instant from, Instant to) {

		static Range of(@Nullable String from, @Nullable String to, Instant now) {
			Instant end = instant("to", to);
			Instant until = (end != null) ? end : now;
			Instant start = instant("from", from);
			Instant since = (start != null) ? start : until.minus(DEFAULT_RANGE);
			if (!since.isBefore(until)) {
				throw new InvalidMonitoringRequestException("to", "to must be after from");
			}
			return new Range(since, until);
		}

		private static @Nullable Instant instant(String parameter, @Nullable String value) {
			if (value == null || value.isBlank()) {
				return null;
			}
			try {
				return Instant.parse(value.strip());
			}
			catch (DateTimeParseException ex) {
				throw new InvalidMonitoringRequestException(parameter,
						parameter + " must be an ISO-8601 instant such as 2025-01-31T00:00:00Z");
			}
		}

	}

	record AlertRuleRequest(@Nullable Double cpuPercent, @Nullable Double memoryMb, @Nullable Double errorRate,
			@Nullable Double p95LatencyMs, @Nullable String window) {

	}

	record AlertRuleResponse(@Nullable Double cpuPercent, @Nullable Double memoryMb, @Nullable Double errorRate,
			@Nullable Double p95LatencyMs, String window, long windowSeconds) {

		static AlertRuleResponse of(AlertRule rule) {
			return new AlertRuleResponse(rule.cpuPercent(), rule.memoryMb(), rule.errorRate(), rule.p95LatencyMs(),
					rule.window().toString(), rule.window().toSeconds());
		}

	}

	record AlertResponse(String id, String metric, String state, double threshold, double value, Instant raisedAt,
			@Nullable Double clearedValue, @Nullable Instant clearedAt) {

		static AlertResponse of(Alert alert) {
			return new AlertResponse(alert.id(), alert.metric().label(), alert.open() ? "open" : "cleared",
					alert.threshold(), alert.value(), alert.raisedAt(), alert.clearedValue(), alert.clearedAt());
		}

	}

	record SampleResponse(Instant at, double cpuPercent, double cpuSeconds, long heapBytes, long nativeBytes,
			long memoryBytes, int queueDepth, boolean loaded) {

		static @Nullable SampleResponse of(@Nullable ResourceSample sample) {
			return (sample != null)
					? new SampleResponse(sample.at(), sample.cpuPercent(), sample.cpuSeconds(), sample.heapBytes(),
							sample.nativeBytes(), sample.memoryBytes(), sample.queueDepth(), sample.loaded())
					: null;
		}

	}

	record IdleResponse(boolean idle, @Nullable Instant idleSince, @Nullable Instant flaggedAt,
			@Nullable Instant lastUsedAt, boolean archived) {

		static IdleResponse of(@Nullable IdleFlag flag) {
			return (flag != null)
					? new IdleResponse(true, flag.idleSince(), flag.flaggedAt(), flag.lastUsedAt(), flag.archived())
					: new IdleResponse(false, null, null, null, false);
		}

	}

	record ResourcesResponse(String modelId, Instant from, Instant to, long intervalMs,
			@Nullable SampleResponse current, IdleResponse idle, List<SampleResponse> samples) {

	}

	record CurrentResponse(String modelId, @Nullable SampleResponse current, IdleResponse idle) {

	}

	record PlatformResponse(Instant from, Instant to, long intervalMs, @Nullable PlatformSample current,
			List<PlatformSample> samples) {

	}

}

package io.modelhost.usage.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.modelhost.accounts.Caller;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.usage.Bucket;
import io.modelhost.usage.Counts;
import io.modelhost.usage.ErrorEntry;
import io.modelhost.usage.InvalidStatsQueryException;
import io.modelhost.usage.LatencyHistogram;
import io.modelhost.usage.LatencySummary;
import io.modelhost.usage.ModelStats;
import io.modelhost.usage.ModelSummary;
import io.modelhost.usage.SeriesPoint;
import io.modelhost.usage.StatsQuery;
import io.modelhost.usage.UsageStatistics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static io.modelhost.web.QueryParameters.blankToNull;
import static io.modelhost.web.QueryParameters.instant;
import static io.modelhost.web.QueryParameters.number;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Usage statistics", description = "Requests, outcomes and latency of model endpoints")
class StatsController {

	private static final Pattern KEY_ID = Pattern.compile("[0-9a-f-]{36}");

	private final ModelRegistry registry;

	private final UsageStatistics statistics;

	private final Clock clock;

	StatsController(ModelRegistry registry, UsageStatistics statistics, Clock clock) {
		this.registry = registry;
		this.statistics = statistics;
		this.clock = clock;
	}

	@GetMapping("/models/{id}/stats")
	@Operation(summary = "A model's usage and latency statistics",
			description = "Totals, the period's counts by outcome, latency (avg, min, max, p50, p95, p99), a series "
					+ "per bucket and a latency histogram. The period defaults to the last 24 hours and is read in "
					+ "whole UTC minutes. Needs the view permission.")
	StatsResponse stats(Caller caller, @PathVariable String id,
			@Parameter(
					description = "ISO-8601 instant: the period's start (default: 24 hours before to)") @RequestParam(
							required = false) @Nullable String from,
			@Parameter(description = "ISO-8601 instant: the period's end (default: now)") @RequestParam(
					required = false) @Nullable String to,
			@Parameter(description = "Only requests made with this API key (its id)") @RequestParam(name = "api_key",
					required = false) @Nullable String apiKey,
			@Parameter(description = "minute, hour or day (default: by the period's length)") @RequestParam(
					required = false) @Nullable String bucket) {
		ModelId model = visible(caller, id);
		String key = blankToNull(apiKey);
		if (key != null && !KEY_ID.matcher(key).matches()) {
			throw new InvalidStatsQueryException("api_key", "api_key must be an API key id");
		}
		StatsQuery query = query(from, to, key, bucket(bucket));
		return StatsResponse.of(this.statistics.of(model.value(), query), key);
	}

	@GetMapping("/models/{id}/stats/errors")
	@Operation(summary = "A model's recent failed requests",
			description = "Newest first: time, status, outcome, protocol, request id, API key id, latency and the "
					+ "problem type and title answered; never the request's body. Needs the view permission.")
	List<ErrorResponse> errors(Caller caller, @PathVariable String id,
			@Parameter(description = "ISO-8601 instant (default: 24 hours before to)") @RequestParam(
					required = false) @Nullable String from,
			@Parameter(description = "ISO-8601 instant (default: now)") @RequestParam(
					required = false) @Nullable String to,
			@Parameter(description = "At most this many, 1-500") @RequestParam(defaultValue = "50") String limit) {
		ModelId model = visible(caller, id);
		StatsQuery query = query(from, to, null, null);
		return this.statistics
			.errors(model.value(), query.from(), query.to(), number("limit", limit, 1, UsageStatistics.MAX_ERRORS))
			.stream()
			.map(ErrorResponse::of)
			.toList();
	}

	@GetMapping("/stats/models")
	@Operation(summary = "Usage of every model you own or that is shared with you",
			description = "One row per live model, by name: requests ever and in the last 24 hours, the last "
					+ "24 hours' success rate and mean latency, and the last request's time.")
	List<ModelSummaryResponse> models(Caller caller) {
		List<ModelAccess> models = this.registry.visibleTo(caller.userId());
		Map<String, ModelSummary> summaries = this.statistics
			.summaries(models.stream().map((access) -> access.model().id().value()).toList())
			.stream()
			.collect(Collectors.toMap(ModelSummary::modelId, Function.identity()));
		return models.stream()
			.map((access) -> ModelSummaryResponse.of(access, summaries.get(access.model().id().value())))
			.toList();
	}

	/** Throws the registry's not-found, as every model endpoint does, unless visible. */
	private ModelId visible(Caller caller, String id) {
		return this.registry.access(caller.userId(), ModelId.parse(id)).model().id();
	}

	/** The period asked for, by default the 24 hours up to {@code to} or now. */
	private StatsQuery query(@Nullable String from, @Nullable String to, @Nullable String key,
			@Nullable Bucket bucket) {
		Instant end = instant("to", to);
		Instant start = instant("from", from);
		if (end == null) {
			end = this.clock.instant();
		}
		if (start == null) {
			start = end.minus(Duration.ofDays(1));
		}
		if (!start.isBefore(end)) {
			throw new InvalidStatsQueryException("to", "to must be after from");
		}
		return new StatsQuery(start, end, key, bucket);
	}

	private static @Nullable Bucket bucket(@Nullable String bucket) {
		bucket = blankToNull(bucket);
		if (bucket == null) {
			return null;
		}
		return switch (bucket.toLowerCase(Locale.ROOT)) {
			case "minute" -> Bucket.MINUTE;
			case "hour" -> Bucket.HOUR;
			case "day" -> Bucket.DAY;
			default -> throw new InvalidStatsQueryException("bucket", "bucket must be one of minute, hour, day");
		};
	}

	record CountsResponse(long total, long success, long clientError, long serverError, @Nullable Double successRate) {

		static CountsResponse of(Counts counts) {
			return new CountsResponse(counts.total(), counts.success(), counts.clientError(), counts.serverError(),
					counts.successRate());
		}

	}

	record LatencyResponse(double avgMs, double minMs, double maxMs, double p50Ms, double p95Ms, double p99Ms,
			boolean percentilesExact) {

		static @Nullable LatencyResponse of(@Nullable LatencySummary latency) {
			return (latency != null) ? new LatencyResponse(latency.avg(), latency.min(), latency.max(), latency.p50(),
					latency.p95(), latency.p99(), latency.exact()) : null;
		}

	}

	record PointResponse(Instant start, long total, long success, long clientError, long serverError,
			@Nullable Double avgLatencyMs) {

		static PointResponse of(SeriesPoint point) {
			Counts counts = point.counts();
			return new PointResponse(point.start(), counts.total(), counts.success(), counts.clientError(),
					counts.serverError(), point.avgLatencyMillis());
		}

	}

	/**
	 * One histogram bucket: latencies at most {@code le_ms}, or above all bounds if null.
	 */
	record HistogramBucketResponse(@Nullable Integer leMs, long count) {

	}

	record StatsResponse(Instant from, Instant to, String bucket, @Nullable String apiKey, long totalRequests,
			@Schema(description = "Rows (or examples) those requests held, ever: a batch prediction's chunk is "
					+ "one request of many rows (requests whose raw records were deleted before rows were counted count 0)") long totalRows,
			long requestsLast24h, @Nullable Instant lastRequestAt, CountsResponse period,
			@Schema(description = "Rows the period's requests held") long periodRows, @Nullable LatencyResponse latency,
			List<PointResponse> series, List<HistogramBucketResponse> latencyHistogram) {

		static StatsResponse of(ModelStats stats, @Nullable String apiKey) {
			var histogram = new java.util.ArrayList<HistogramBucketResponse>();
			for (int i = 0; i < stats.histogram().size(); i++) {
				histogram.add(new HistogramBucketResponse(
						(i < LatencyHistogram.BOUNDS_MILLIS.size()) ? LatencyHistogram.BOUNDS_MILLIS.get(i) : null,
						stats.histogram().get(i)));
			}
			return new StatsResponse(stats.from(), stats.to(), stats.bucket().label(), apiKey, stats.total(),
					stats.totalRows(), stats.last24h(), stats.lastRequestAt(), CountsResponse.of(stats.period()),
					stats.periodRows(), LatencyResponse.of(stats.latency()),
					stats.series().stream().map(PointResponse::of).toList(), histogram);
		}

	}

	record ErrorResponse(Instant at, int status, String outcome, String protocol, String requestId,
			@Nullable String apiKeyId, int modelVersion, double latencyMs, @Nullable String type,
			@Nullable String title) {

		static ErrorResponse of(ErrorEntry error) {
			return new ErrorResponse(error.at(), error.status(), error.outcome(), error.protocol(), error.requestId(),
					error.apiKeyId(), error.modelVersion(), error.latencyMillis(),
					(error.errorType() != null) ? io.modelhost.web.Problems.TYPE_BASE + error.errorType() : null,
					error.errorTitle());
		}

	}

	record ModelSummaryResponse(String modelId, String name, String permission, long totalRequests,
			long requestsLast24h, @Nullable Double successRate24h, @Nullable Double avgLatencyMs24h,
			@Nullable Instant lastRequestAt) {

		static ModelSummaryResponse of(ModelAccess access, @Nullable ModelSummary summary) {
			String id = access.model().id().value();
			if (summary == null) {
				return new ModelSummaryResponse(id, access.model().name(), access.permission().label(), 0, 0, null,
						null, null);
			}
			return new ModelSummaryResponse(id, access.model().name(), access.permission().label(), summary.total(),
					summary.last24h().total(), summary.last24h().successRate(), summary.avgLatencyMillis24h(),
					summary.lastRequestAt());
		}

	}

}

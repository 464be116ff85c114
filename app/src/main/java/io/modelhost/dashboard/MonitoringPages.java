package io.modelhost.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.monitoring.Alert;
import io.modelhost.monitoring.Alerts;
import io.modelhost.monitoring.ResourceMonitor;
import io.modelhost.monitoring.ResourceSample;
import io.modelhost.monitoring.ResourceSeries;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelShares;
import io.modelhost.registry.Permission;
import io.modelhost.usage.Bucket;
import io.modelhost.usage.Counts;
import io.modelhost.usage.InvalidStatsQueryException;
import io.modelhost.usage.LatencySummary;
import io.modelhost.usage.ErrorEntry;
import io.modelhost.usage.LatencyHistogram;
import io.modelhost.usage.ModelStats;
import io.modelhost.usage.ModelSummary;
import io.modelhost.usage.SeriesPoint;
import io.modelhost.usage.StatsQuery;
import io.modelhost.usage.UsageStatistics;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.modelhost.registry.NotPermittedException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Monitoring: all my APIs in one table, and one API's usage, latency, resources, alerts
 * and recent errors over a chosen period. Numbers are tables (readable without
 * JavaScript); Chart.js draws them as charts; htmx refreshes both.
 */
@Controller
class MonitoringPages {

	/** The percentile chart has at most this many points. */
	private static final int PERCENTILE_SEGMENTS = 24;

	/** The periods a page offers, by their label. */
	private static final Map<String, Duration> PERIODS = periods();

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	private final ModelRegistry registry;

	private final ModelShares shares;

	private final UsageStatistics statistics;

	private final ResourceMonitor resources;

	private final Alerts alerts;

	private final JsonMapper json;

	private final Clock clock;

	private final OpenAlerts openAlerts;

	MonitoringPages(ModelRegistry registry, ModelShares shares, UsageStatistics statistics, ResourceMonitor resources,
			Alerts alerts, JsonMapper json, Clock clock, OpenAlerts openAlerts) {
		this.openAlerts = openAlerts;
		this.registry = registry;
		this.shares = shares;
		this.statistics = statistics;
		this.resources = resources;
		this.alerts = alerts;
		this.json = json;
		this.clock = clock;
	}

	private static Map<String, Duration> periods() {
		var periods = new LinkedHashMap<String, Duration>();
		periods.put("1h", Duration.ofHours(1));
		periods.put("24h", Duration.ofHours(24));
		periods.put("7d", Duration.ofDays(7));
		periods.put("30d", Duration.ofDays(30));
		return periods;
	}

	@GetMapping("/monitoring")
	String overview(Caller caller, @RequestParam(defaultValue = "") String q,
			@RequestParam(defaultValue = "name") String sort, HttpServletRequest request, ModelMap page) {
		var query = new ModelQuery(null, null, null, ModelQuery.Sort.NAME, false, 0, 100);
		var models = new ArrayList<ModelAccess>();
		this.registry.list(caller.userId(), query)
			.models()
			.forEach((model) -> models.add(new ModelAccess(model, Permission.OWNER)));
		models.addAll(this.shares.sharedWith(caller.userId(), query).models());
		String search = q.strip().toLowerCase(Locale.ROOT);
		models.removeIf((access) -> !access.model().name().toLowerCase(Locale.ROOT).contains(search));
		Map<String, ModelSummary> summaries = new LinkedHashMap<>();
		this.statistics.summaries(models.stream().map((access) -> access.model().id().value()).toList())
			.forEach((summary) -> summaries.put(summary.modelId(), summary));
		Map<String, Integer> alertCounts = this.openAlerts.countByModel(caller.userId(), request);
		var rows = new ArrayList<ApiRow>();
		for (ModelAccess access : models) {
			String id = access.model().id().value();
			rows.add(ApiRow.of(access, summaries.get(id), this.resources.latest(id).orElse(null),
					alertCounts.getOrDefault(id, 0)));
		}
		rows.sort(ApiRow.order(sort));
		page.addAttribute("apis", rows);
		page.addAttribute("openAlerts",
				this.openAlerts.of(caller.userId(), request)
					.stream()
					.flatMap((model) -> model.alerts().stream().map((alert) -> OpenAlertRow.of(model, alert)))
					.toList());
		page.addAttribute("q", q);
		page.addAttribute("sort", ApiRow.SORTS.contains(sort) ? sort : "name");
		return (request.getHeader("HX-Request") != null) ? "monitoring/overview :: table" : "monitoring/overview";
	}

	@GetMapping("/models/{id}/monitoring")
	String model(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "24h") String period,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			HttpServletRequest request, ModelMap page) {
		ModelId modelId = ModelId.parse(id);
		ModelAccess access = this.registry.access(caller.userId(), modelId);
		if (access.model().archived()) {
			throw new ModelNotFoundException();
		}
		if (request.getHeader("HX-Request") == null) {
			rules(caller, access, AlertRuleForm.of(this.alerts.rule(caller.userId(), modelId)), page);
		}
		return figures(caller, access, period, from, to, request, page);
	}

	/**
	 * Sets the model's alert thresholds from the form (edit permission), then back to its
	 * page; a box the rule refuses is named beside the form (400), nothing changed.
	 */
	@PostMapping("/models/{id}/alert-rules")
	String setRules(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "") String cpuPercent,
			@RequestParam(defaultValue = "") String memoryMb, @RequestParam(defaultValue = "") String errorRatePercent,
			@RequestParam(defaultValue = "") String p95LatencyMs, @RequestParam(defaultValue = "") String windowMinutes,
			HttpServletRequest request, HttpServletResponse response, ModelMap page, RedirectAttributes flash) {
		ModelId modelId = ModelId.parse(id);
		ModelAccess access = this.registry.access(caller.userId(), modelId);
		if (access.model().archived()) {
			throw new ModelNotFoundException();
		}
		if (!access.permission().allows(Permission.EDIT)) {
			throw new NotPermittedException(Permission.EDIT);
		}
		var form = new AlertRuleForm(cpuPercent, memoryMb, errorRatePercent, p95LatencyMs, windowMinutes);
		try {
			this.alerts.setRule(caller.userId(), modelId, form.rule());
		}
		catch (AlertRuleForm.Refused ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			rules(caller, access, form, page);
			page.addAttribute("ruleError", ex.getMessage());
			page.addAttribute("ruleField", ex.field());
			return figures(caller, access, "24h", null, null, request, page);
		}
		flash.addFlashAttribute("notice", "Alert thresholds saved. They are checked every sample interval.");
		return "redirect:/models/" + modelId.value() + "/monitoring#alert-rules";
	}

	private void rules(Caller caller, ModelAccess access, AlertRuleForm form, ModelMap page) {
		page.addAttribute("rule", form);
		page.addAttribute("canEditRules", access.permission().allows(Permission.EDIT));
	}

	private String figures(Caller caller, ModelAccess access, String period, @Nullable String fromText,
			@Nullable String toText, HttpServletRequest request, ModelMap page) {
		ModelId modelId = access.model().id();
		Instant now = this.clock.instant();
		Range range;
		ModelStats stats;
		try {
			range = Range.of(period, fromText, toText, now);
			stats = this.statistics.of(modelId.value(), new StatsQuery(range.from(), range.to(), null, null));
		}
		catch (Range.Refused | InvalidStatsQueryException ex) {
			page.addAttribute("rangeError", "Showing the last 24 hours instead: " + Range.plain(ex) + ".");
			range = Range.of("24h", null, null, now);
			stats = this.statistics.of(modelId.value(), new StatsQuery(range.from(), range.to(), null, null));
		}
		ResourceSeries series = this.resources.series(caller.userId(), modelId, range.from(), range.to());
		List<Alert> raised = this.alerts.alerts(caller.userId(), modelId, false);
		List<ErrorEntry> errors = this.statistics.errors(modelId.value(), range.from(), range.to(), 20);
		page.addAttribute("model", ModelRow.of(access));
		page.addAttribute("range", range);
		UriComponentsBuilder refresh = UriComponentsBuilder.fromPath("/models/{id}/monitoring");
		if (range.period().equals("custom")) {
			refresh.queryParam("from", range.fromInput()).queryParam("to", range.toInput());
		}
		else {
			refresh.queryParam("period", range.period());
		}
		page.addAttribute("refreshUrl", refresh.buildAndExpand(modelId.value()).encode().toUriString());
		page.addAttribute("period", range.period());
		page.addAttribute("periods", PERIODS.keySet());
		page.addAttribute("stats", stats);
		page.addAttribute("successRate", percent(stats.period().successRate()));
		page.addAttribute("lastRequest",
				(stats.lastRequestAt() != null) ? WHEN.format(stats.lastRequestAt()) : "never");
		page.addAttribute("latest", series.latest());
		page.addAttribute("alerts", raised.stream().map(AlertRow::of).toList());
		page.addAttribute("errors", errors.stream().map(ErrorRow::of).toList());
		page.addAttribute("histogram", histogram(stats.histogram()));
		page.addAttribute("chartData",
				this.json.writeValueAsString(charts(stats, series, percentiles(modelId, stats))));
		return (request.getHeader("HX-Request") != null) ? "monitoring/model :: content" : "monitoring/model";
	}

	/**
	 * p95 and p99 latency over the period, in at most {@value #PERCENTILE_SEGMENTS} equal
	 * segments (a segment without requests has none): each is one statistics query, so a
	 * long series is grouped rather than asked point by point.
	 */
	private List<PercentilePoint> percentiles(ModelId modelId, ModelStats stats) {
		List<SeriesPoint> points = stats.series();
		if (points.isEmpty()) {
			return List.of();
		}
		int per = Math.max(1, (points.size() + PERCENTILE_SEGMENTS - 1) / PERCENTILE_SEGMENTS);
		var found = new ArrayList<PercentilePoint>();
		for (int i = 0; i < points.size(); i += per) {
			List<SeriesPoint> segment = points.subList(i, Math.min(points.size(), i + per));
			long requests = segment.stream().mapToLong((p) -> p.counts().total()).sum();
			Instant from = segment.getFirst().start();
			Instant to = segment.getLast().start().plus(stats.bucket().width());
			if (requests == 0) {
				found.add(new PercentilePoint(from, null, null));
				continue;
			}
			LatencySummary latency = this.statistics.of(modelId.value(), new StatsQuery(from, to, null, Bucket.DAY))
				.latency();
			found.add(new PercentilePoint(from, (latency != null) ? latency.p95() : null,
					(latency != null) ? latency.p99() : null));
		}
		return found;
	}

	/**
	 * One segment of the percentile chart.
	 *
	 * @param start its start
	 * @param p95 its requests' 95th percentile latency, ms, or null without requests
	 * @param p99 the 99th
	 */
	record PercentilePoint(Instant start, @Nullable Double p95, @Nullable Double p99) {

	}

	private static Map<String, Object> charts(ModelStats stats, ResourceSeries series,
			List<PercentilePoint> percentiles) {
		var charts = new LinkedHashMap<String, Object>();
		List<SeriesPoint> points = stats.series();
		charts.put("labels", points.stream().map((p) -> WHEN.format(p.start())).toList());
		double seconds = stats.bucket().width().toSeconds();
		charts.put("bucket", stats.bucket().label());
		charts.put("perSecond",
				points.stream().map((p) -> Math.round(p.counts().total() / seconds * 10_000) / 10_000.0).toList());
		charts.put("percentileLabels", percentiles.stream().map((p) -> WHEN.format(p.start())).toList());
		charts.put("p95", percentiles.stream().map(PercentilePoint::p95).toList());
		charts.put("p99", percentiles.stream().map(PercentilePoint::p99).toList());
		charts.put("success", points.stream().map((p) -> p.counts().success()).toList());
		charts.put("clientError", points.stream().map((p) -> p.counts().clientError()).toList());
		charts.put("serverError", points.stream().map((p) -> p.counts().serverError()).toList());
		charts.put("latency", points.stream().map(SeriesPoint::avgLatencyMillis).toList());
		charts.put("histogramLabels", histogramLabels());
		charts.put("histogram", stats.histogram());
		Counts period = stats.period();
		charts.put("outcomes", List.of(period.success(), period.clientError(), period.serverError()));
		List<ResourceSample> samples = series.samples();
		charts.put("resourceLabels", samples.stream().map((s) -> WHEN.format(s.at())).toList());
		charts.put("cpu", samples.stream().map(ResourceSample::cpuPercent).toList());
		ByteSize.Unit unit = ByteSize
			.unitFor(samples.stream().mapToDouble((s) -> s.heapBytes() + s.nativeBytes()).max().orElse(0));
		charts.put("memoryUnit", unit.name());
		charts.put("memory", samples.stream().map((s) -> (s.heapBytes() + s.nativeBytes()) / unit.bytes()).toList());
		return charts;
	}

	private static List<String> histogramLabels() {
		var labels = new ArrayList<String>();
		for (int bound : LatencyHistogram.BOUNDS_MILLIS) {
			labels.add("≤ " + bound + " ms");
		}
		labels.add("> " + LatencyHistogram.BOUNDS_MILLIS.getLast() + " ms");
		return labels;
	}

	private static List<Map.Entry<String, Long>> histogram(List<Long> counts) {
		List<String> labels = histogramLabels();
		var rows = new ArrayList<Map.Entry<String, Long>>();
		for (int i = 0; i < counts.size() && i < labels.size(); i++) {
			if (counts.get(i) > 0) {
				rows.add(Map.entry(labels.get(i), counts.get(i)));
			}
		}
		return rows;
	}

	static String percent(@Nullable Double rate) {
		return (rate != null) ? String.format(Locale.ROOT, "%.1f %%", rate * 100) : "—";
	}

	static String millis(@Nullable Double value) {
		return (value != null) ? String.format(Locale.ROOT, "%.2f ms", value) : "—";
	}

	/**
	 * One API in the overview.
	 *
	 * @param id the model's id
	 * @param name its name
	 * @param status active, inactive or failed
	 * @param format its format
	 * @param created when it was created, for reading
	 * @param total requests ever
	 * @param last24h requests in the last 24 hours
	 * @param successRate their success rate, for reading
	 * @param successValue the same as a number, for sorting (-1 without requests)
	 * @param avgLatency their mean latency, for reading
	 * @param avgLatencyValue the same as a number, for sorting (-1 without requests)
	 * @param cpuPercent the latest sampled CPU share, for reading
	 * @param memory the latest sampled memory, for reading ("—" without a sample)
	 * @param lastRequest the last request, for reading
	 * @param lastRequestAt the same, for sorting
	 * @param openAlerts how many of its alerts are open
	 */
	record ApiRow(String id, String name, String status, String format, String created, long total, long last24h,
			String successRate, double successValue, String avgLatency, double avgLatencyValue, String cpuPercent,
			String memory, String lastRequest, @Nullable Instant lastRequestAt, int openAlerts) {

		static final List<String> SORTS = List.of("name", "total", "last24h", "success", "latency", "last");

		static ApiRow of(ModelAccess access, @Nullable ModelSummary summary, @Nullable ResourceSample latest,
				int openAlerts) {
			ModelRow model = ModelRow.of(access);
			Double rate = (summary != null) ? summary.last24h().successRate() : null;
			Double latency = (summary != null) ? summary.avgLatencyMillis24h() : null;
			Instant last = (summary != null) ? summary.lastRequestAt() : null;
			return new ApiRow(model.id(), model.name(), model.status(), model.format(), model.created(),
					(summary != null) ? summary.total() : 0, (summary != null) ? summary.last24h().total() : 0,
					percent(rate), (rate != null) ? rate : -1, millis(latency), (latency != null) ? latency : -1,
					(latest != null) ? String.format(Locale.ROOT, "%.1f %%", latest.cpuPercent()) : "—",
					(latest != null) ? ByteSize.text(latest.heapBytes() + latest.nativeBytes()) : "—",
					(last != null) ? WHEN.format(last) : "never", last, openAlerts);
		}

		static Comparator<ApiRow> order(String sort) {
			Comparator<ApiRow> byName = Comparator.comparing((ApiRow row) -> row.name().toLowerCase(Locale.ROOT));
			return switch (sort) {
				case "total" -> Comparator.comparingLong(ApiRow::total).reversed().thenComparing(byName);
				case "last24h" -> Comparator.comparingLong(ApiRow::last24h).reversed().thenComparing(byName);
				case "success" -> Comparator.comparingDouble(ApiRow::successValue).thenComparing(byName);
				case "latency" -> Comparator.comparingDouble(ApiRow::avgLatencyValue).reversed().thenComparing(byName);
				case "last" -> Comparator
					.comparing(ApiRow::lastRequestAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
					.thenComparing(byName);
				default -> byName;
			};
		}

	}

	/**
	 * An alert, for reading.
	 *
	 * @param metric what crossed
	 * @param detail the value and threshold
	 * @param raised when it was raised
	 * @param cleared when it cleared, or "open"
	 * @param open whether it is still open
	 */
	record AlertRow(String metric, String detail, String raised, String cleared, boolean open) {

		static AlertRow of(Alert alert) {
			String detail = switch (alert.metric()) {
				case CPU_PERCENT ->
					String.format(Locale.ROOT, "%.1f %% (above %.1f %%)", alert.value(), alert.threshold());
				case MEMORY_MB ->
					String.format(Locale.ROOT, "%.0f MB (above %.0f MB)", alert.value(), alert.threshold());
				case ERROR_RATE ->
					String.format(Locale.ROOT, "%.1f %% (above %.1f %%)", alert.value() * 100, alert.threshold() * 100);
				case P95_LATENCY_MS ->
					String.format(Locale.ROOT, "%.1f ms (above %.1f ms)", alert.value(), alert.threshold());
				case DAMAGED_FILE -> String.format(Locale.ROOT, "version %.0f cannot be loaded", alert.value());
			};
			String metric = switch (alert.metric()) {
				case CPU_PERCENT -> "CPU";
				case MEMORY_MB -> "memory";
				case ERROR_RATE -> "error rate";
				case P95_LATENCY_MS -> "p95 latency";
				case DAMAGED_FILE -> "damaged file";
			};
			return new AlertRow(metric, detail, WHEN.format(alert.raisedAt()),
					(alert.clearedAt() != null) ? WHEN.format(alert.clearedAt()) : "open", alert.clearedAt() == null);
		}

	}

	/**
	 * An open alert in the overview, with its model.
	 *
	 * @param modelId the model's id
	 * @param model its name
	 * @param alert the alert, for reading
	 */
	record OpenAlertRow(String modelId, String model, AlertRow alert) {

		static OpenAlertRow of(OpenAlerts.ModelAlerts model, Alert alert) {
			return new OpenAlertRow(model.modelId(), model.name(), AlertRow.of(alert));
		}

	}

	/**
	 * A failed request, for reading.
	 *
	 * @param at when
	 * @param status the HTTP status
	 * @param type the problem type, or "—"
	 * @param protocol the API called
	 * @param requestId its correlation id
	 * @param latency how long it took
	 */
	record ErrorRow(String at, int status, String type, String protocol, String requestId, String latency) {

		static ErrorRow of(ErrorEntry error) {
			return new ErrorRow(WHEN.format(error.at()), error.status(),
					(error.errorType() != null) ? error.errorType() : "—", error.protocol(), error.requestId(),
					millis(error.latencyMillis()));
		}

	}

	/**
	 * The period a model's page shows: one of {@link #PERIODS} up to now, or a custom
	 * range typed in the from and to boxes (UTC; to empty: now).
	 *
	 * @param period the period's key, or {@code custom}
	 * @param from its start
	 * @param to its end
	 * @param label the period in words, e.g. "the last 24 hours"
	 * @param fromInput the from box's value
	 * @param toInput the to box's value
	 */
	record Range(String period, Instant from, Instant to, String label, String fromInput, String toInput) {

		private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
			.withZone(ZoneOffset.UTC);

		static Range of(String period, @Nullable String fromText, @Nullable String toText, Instant now) {
			if (fromText != null && !fromText.isBlank()) {
				Instant from = instant(fromText, "from");
				Instant to = (toText != null && !toText.isBlank()) ? instant(toText, "to") : now;
				if (!from.isBefore(to)) {
					throw new Refused("the start must be before the end");
				}
				return new Range("custom", from, to, "from " + WHEN.format(from) + " to " + WHEN.format(to) + " UTC",
						INPUT.format(from), INPUT.format(to));
			}
			if (toText != null && !toText.isBlank()) {
				throw new Refused("give a start too");
			}
			String chosen = PERIODS.containsKey(period) ? period : "24h";
			Instant from = now.minus(PERIODS.get(chosen));
			String label = switch (chosen) {
				case "1h" -> "the last hour";
				case "7d" -> "the last 7 days";
				case "30d" -> "the last 30 days";
				default -> "the last 24 hours";
			};
			return new Range(chosen, from, now, label, INPUT.format(from), INPUT.format(now));
		}

		private static Instant instant(String text, String which) {
			try {
				return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException ex) {
				throw new Refused("the " + which + " time is not a date and time such as 2026-01-31T14:00");
			}
		}

		/**
		 * Whether it is the last 24 hours, whose count the page shows beside it anyway.
		 */
		public boolean last24h() {
			return "24h".equals(this.period);
		}

		/** Why a range cannot be shown, in plain words. */
		static String plain(RuntimeException ex) {
			if (ex instanceof InvalidStatsQueryException) {
				String message = ex.getMessage();
				return (message != null && message.contains("days"))
						? "a range can be at most " + message.replaceAll("\\D+", "") + " days long"
						: "this range has too many points to draw";
			}
			return String.valueOf(ex.getMessage());
		}

		/** A from or to box the page cannot read. */
		static final class Refused extends RuntimeException {

			Refused(String message) {
				super(message);
			}

		}

	}

}

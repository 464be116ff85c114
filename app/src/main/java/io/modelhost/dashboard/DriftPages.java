package io.modelhost.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.drift.Drift;
import io.modelhost.drift.DriftException;
import io.modelhost.drift.DriftReport;
import io.modelhost.drift.DriftReport.FeatureDrift;
import io.modelhost.drift.DriftReport.Histogram;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.Permission;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A model's drift: its captured traffic of a period against its reference, as a table per
 * feature (readable without JavaScript) and, drawn by Chart.js from a data attribute, PSI
 * bars and reference-versus-current histograms.
 */
@Controller
class DriftPages {

	private static final Map<String, Duration> PERIODS = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24),
			"7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

	private final ModelRegistry registry;

	private final Drift drift;

	private final JsonMapper json;

	private final Clock clock;

	DriftPages(ModelRegistry registry, Drift drift, JsonMapper json, Clock clock) {
		this.registry = registry;
		this.drift = drift;
		this.json = json;
		this.clock = clock;
	}

	@GetMapping("/models/{id}/drift")
	String model(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "24h") String period,
			ModelMap page) {
		ModelId modelId = ModelId.parse(id);
		ModelAccess access = this.registry.access(caller.userId(), modelId);
		if (access.model().archived()) {
			throw new ModelNotFoundException();
		}
		if (!access.permission().allows(Permission.EDIT)) {
			throw new NotPermittedException(Permission.EDIT);
		}
		String chosen = PERIODS.containsKey(period) ? period : "24h";
		Instant to = this.clock.instant().plusMillis(1);
		page.addAttribute("model", ModelRow.of(access));
		page.addAttribute("period", chosen);
		page.addAttribute("periods", List.of("1h", "24h", "7d", "30d"));
		page.addAttribute("reference", this.drift.reference(caller.userId(), modelId).orElse(null));
		try {
			DriftReport report = this.drift.ofCaptures(caller.userId(), modelId, to.minus(PERIODS.get(chosen)), to);
			page.addAttribute("report", report);
			page.addAttribute("rows", report.features().stream().map(FeatureRow::of).toList());
			page.addAttribute("prediction",
					(report.predictionDrift() != null) ? FeatureRow.of(report.predictionDrift()) : null);
			page.addAttribute("chartData", this.json.writeValueAsString(charts(report)));
		}
		catch (DriftException ex) {
			page.addAttribute("problem", ex.getMessage());
		}
		return "drift/model";
	}

	private static Map<String, Object> charts(DriftReport report) {
		var features = new ArrayList<Map<String, Object>>();
		var all = new ArrayList<>(report.features());
		if (report.predictionDrift() != null) {
			all.add(report.predictionDrift());
		}
		for (FeatureDrift feature : all) {
			var chart = new LinkedHashMap<String, Object>();
			chart.put("name", feature.feature());
			chart.put("labels", labels(feature.referenceHistogram()));
			chart.put("reference", shares(feature.referenceHistogram()));
			chart.put("current", shares(feature.currentHistogram()));
			features.add(chart);
		}
		var charts = new LinkedHashMap<String, Object>();
		charts.put("names", report.features().stream().map(FeatureDrift::feature).toList());
		charts.put("psi", report.features().stream().map((f) -> (f.psi() != null) ? f.psi() : 0).toList());
		charts.put("features", features);
		return charts;
	}

	private static List<String> labels(Histogram histogram) {
		if (histogram.categories() != null) {
			return histogram.categories();
		}
		List<Double> edges = histogram.edges();
		var labels = new ArrayList<String>();
		for (int i = 0; edges != null && i + 1 < edges.size(); i++) {
			labels.add(number(edges.get(i)) + "–" + number(edges.get(i + 1)));
		}
		return labels;
	}

	/** Counts as shares of their side, so that sides of different sizes compare. */
	private static List<Double> shares(Histogram histogram) {
		long total = histogram.counts().stream().mapToLong(Long::longValue).sum();
		return histogram.counts().stream().map((count) -> (total == 0) ? 0.0 : (double) count / total).toList();
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, "%.3g", value);
	}

	/** One feature's line of the table. */
	record FeatureRow(String feature, String type, String test, String statistic, String pValue, String psi,
			boolean drifted) {

		static FeatureRow of(FeatureDrift drift) {
			return new FeatureRow(drift.feature(), drift.type(), drift.test(), format(drift.statistic()),
					format(drift.pValue()), format(drift.psi()), drift.drifted());
		}

		private static String format(@Nullable Double value) {
			return (value != null) ? String.format(Locale.ROOT, "%.4g", value) : "—";
		}

	}

}

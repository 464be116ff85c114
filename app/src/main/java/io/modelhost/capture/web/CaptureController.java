package io.modelhost.capture.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.capture.CapturePage;
import io.modelhost.capture.CaptureSettings;
import io.modelhost.capture.CapturedPrediction;
import io.modelhost.capture.Captures;
import io.modelhost.capture.InvalidCaptureRequestException;
import io.modelhost.registry.ModelId;
import io.modelhost.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@Tag(name = "Capture", description = "Sampled prediction inputs and outputs per model, for drift and debugging")
class CaptureController {

	/** The latest instant a window reaches when none is given. */
	private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

	private final Captures captures;

	private final JsonMapper json;

	CaptureController(Captures captures, JsonMapper json) {
		this.captures = captures;
		this.json = json;
	}

	@GetMapping("/api/v1/models/{id}/capture")
	@Operation(summary = "A model's payload capture settings",
			description = "Off unless set. Needs the view permission.")
	CaptureSettingsResponse settings(Caller caller, @PathVariable String id) {
		return CaptureSettingsResponse.of(this.captures.settings(caller.userId(), ModelId.parse(id)));
	}

	@PutMapping(path = "/api/v1/models/{id}/capture", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Switch a model's payload capture on or off",
			description = "enabled (required), sample_rate [0-1] (share of answered rows kept, default 0.1), "
					+ "retention_days 1-365 (default 7). Captured: each sampled row's features as decoded, the "
					+ "prediction and probabilities, the version and the time; never headers, keys or who "
					+ "called. Tabular models only. Needs the edit permission.")
	CaptureSettingsResponse setSettings(Caller caller, @PathVariable String id,
			@RequestBody CaptureSettingsRequest request) {
		ModelId model = ModelId.parse(id);
		this.captures.checkEdit(caller.userId(), model);
		return CaptureSettingsResponse.of(this.captures.setSettings(caller.userId(), model, request.settings("")));
	}

	@GetMapping("/api/v1/models/{id}/captures")
	@Operation(summary = "A model's captured rows",
			description = "Newest first, 100 a page. Only the model's owner may read them.")
	CapturePageResponse list(Caller caller, @PathVariable String id,
			@Parameter(description = "ISO-8601 instant: rows captured at or after it") @RequestParam(
					required = false) @Nullable String from,
			@Parameter(description = "ISO-8601 instant: rows captured before it") @RequestParam(
					required = false) @Nullable String to,
			@Parameter(description = "page, from 0") @RequestParam(defaultValue = "0") String page) {
		ModelId model = ModelId.parse(id);
		Instant start = start(from);
		Instant end = end(to);
		CapturePage captures = this.captures.list(caller.userId(), model, start, end,
				QueryParameters.number("page", page, 0, 100_000));
		return new CapturePageResponse(model.value(), start, end, captures.page(), captures.size(), captures.total(),
				captures.captures().stream().map(CaptureResponse::of).toList());
	}

	@GetMapping(path = "/api/v1/models/{id}/captures/export")
	@Operation(summary = "Download a model's captured rows",
			description = "format=csv (default: captured_at, version, one column per feature of the newest row, "
					+ "prediction, probabilities as a JSON array) or ndjson (one JSON object a line, as the list "
					+ "shows them). Newest first, at most modelhost.capture.max-export-rows. Only the model's "
					+ "owner may download them.")
	ResponseEntity<StreamingResponseBody> export(Caller caller, @PathVariable String id,
			@Parameter(description = "ISO-8601 instant: rows captured at or after it") @RequestParam(
					required = false) @Nullable String from,
			@Parameter(description = "ISO-8601 instant: rows captured before it") @RequestParam(
					required = false) @Nullable String to,
			@Parameter(description = "csv or ndjson") @RequestParam(defaultValue = "csv") String format) {
		ModelId model = ModelId.parse(id);
		this.captures.checkExport(caller.userId(), model);
		Instant start = start(from);
		Instant end = end(to);
		boolean csv = switch (format.strip().toLowerCase(Locale.ROOT)) {
			case "csv" -> true;
			case "ndjson" -> false;
			default -> throw new InvalidCaptureRequestException("format", "format must be csv or ndjson");
		};
		StreamingResponseBody body = (out) -> {
			Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			var header = new ArrayList<String>();
			this.captures.export(model, start, end, (chunk) -> {
				try {
					for (CapturedPrediction row : chunk) {
						if (csv) {
							if (header.isEmpty()) {
								header.addAll(row.inputs().keySet());
								writer.write(CsvLines.line(headerLine(header)));
							}
							writer.write(CsvLines.line(csvLine(header, row)));
						}
						else {
							writer.write(this.json.writeValueAsString(CaptureResponse.of(row)));
							writer.write('\n');
						}
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			writer.flush();
		};
		String extension = csv ? "csv" : "ndjson";
		return ResponseEntity.ok()
			.contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8)
					: new MediaType("application", "x-ndjson", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"captures-" + model.value() + "." + extension + "\"")
			.body(body);
	}

	private static List<@Nullable Object> headerLine(List<String> features) {
		var line = new ArrayList<@Nullable Object>();
		line.add("captured_at");
		line.add("version");
		line.addAll(features);
		line.add("prediction");
		line.add("probabilities");
		return line;
	}

	private List<@Nullable Object> csvLine(List<String> features, CapturedPrediction row) {
		var line = new ArrayList<@Nullable Object>();
		line.add(row.capturedAt().toString());
		line.add(row.version());
		for (String feature : features) {
			line.add(row.inputs().get(feature));
		}
		line.add(row.prediction());
		line.add((row.probabilities() != null) ? this.json.writeValueAsString(row.probabilities()) : null);
		return line;
	}

	private static Instant start(@Nullable String from) {
		Instant start = QueryParameters.instant("from", from);
		return (start != null) ? start : Instant.EPOCH;
	}

	private static Instant end(@Nullable String to) {
		Instant end = QueryParameters.instant("to", to);
		return (end != null) ? end : END_OF_TIME;
	}

	record CaptureSettingsRequest(@Nullable Boolean enabled, @Nullable Double sampleRate,
			@Nullable Integer retentionDays) {

		/**
		 * The settings asked for, defaults filled in.
		 * @param prefix the path of the body's fields in problems, e.g. {@code capture/}
		 */
		CaptureSettings settings(String prefix) {
			if (this.enabled == null) {
				throw new InvalidCaptureRequestException(prefix + "enabled", "enabled is required: true or false");
			}
			try {
				return new CaptureSettings(this.enabled,
						(this.sampleRate != null) ? this.sampleRate : CaptureSettings.OFF.sampleRate(),
						(this.retentionDays != null) ? this.retentionDays : CaptureSettings.OFF.retentionDays());
			}
			catch (InvalidCaptureRequestException ex) {
				throw new InvalidCaptureRequestException(prefix + ex.field(), ex.getMessage());
			}
		}

	}

	record CaptureSettingsResponse(boolean enabled, double sampleRate, int retentionDays) {

		static CaptureSettingsResponse of(CaptureSettings settings) {
			return new CaptureSettingsResponse(settings.enabled(), settings.sampleRate(), settings.retentionDays());
		}

	}

	record CapturePageResponse(String modelId, Instant from, Instant to, int page, int size, long total,
			List<CaptureResponse> captures) {

	}

	record CaptureResponse(long id, int version, Instant capturedAt, Map<String, @Nullable Object> inputs,
			@Nullable Object prediction, @Nullable List<Double> probabilities) {

		static CaptureResponse of(CapturedPrediction row) {
			return new CaptureResponse(row.id(), row.version(), row.capturedAt(), new LinkedHashMap<>(row.inputs()),
					row.prediction(), row.probabilities());
		}

	}

}

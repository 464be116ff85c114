package io.modelhost.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.apidocs.ModelDocs;
import io.modelhost.engine.ImagePreprocessing;
import io.modelhost.protocol.ImageInput;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelShares;
import io.modelhost.registry.ModelStatus;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.registry.Permission;
import io.modelhost.registry.SchemaChanges;
import io.modelhost.training.Training;
import io.modelhost.training.TrainingReport;
import io.modelhost.training.TrainingReportNotFoundException;
import io.modelhost.usage.ModelSummary;
import io.modelhost.usage.UsageStatistics;
import io.modelhost.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The models list and a model's page: endpoint, documentation, test console, switching
 * the endpoint on and off, and deleting with a confirmation.
 */
@Controller
class ModelPages {

	/** The list shows this many of the user's own models and of those shared. */
	private static final int LIST_SIZE = 100;

	private final ModelRegistry registry;

	private final ModelShares shares;

	private final PublicUrls urls;

	private final UsageStatistics statistics;

	private final Training training;

	private final EvaluationPanel evaluation;

	private final OpenAlerts openAlerts;

	private final ExportAsApi export;

	ModelPages(ModelRegistry registry, ModelShares shares, PublicUrls urls, UsageStatistics statistics,
			Training training, EvaluationPanel evaluation, OpenAlerts openAlerts, ExportAsApi export) {
		this.openAlerts = openAlerts;
		this.export = export;
		this.statistics = statistics;
		this.training = training;
		this.evaluation = evaluation;
		this.registry = registry;
		this.shares = shares;
		this.urls = urls;
	}

	@GetMapping("/models")
	String list(Caller caller, @RequestParam(defaultValue = "") String q,
			@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String format,
			@RequestParam(defaultValue = "created") String sort, HttpServletRequest request, ModelMap page) {
		var query = new ModelQuery(null, null, null, ModelQuery.Sort.CREATED_AT, true, 0, LIST_SIZE);
		var rows = new ArrayList<ModelRow>();
		this.registry.list(caller.userId(), query)
			.models()
			.forEach((model) -> rows.add(ModelRow.of(new ModelAccess(model, Permission.OWNER))));
		this.shares.sharedWith(caller.userId(), query).models().forEach((access) -> rows.add(ModelRow.of(access)));
		page.addAttribute("anyModels", !rows.isEmpty());
		page.addAttribute("formats", rows.stream().map(ModelRow::format).distinct().sorted().toList());
		String search = q.strip().toLowerCase(Locale.ROOT);
		rows.removeIf((row) -> !row.name().toLowerCase(Locale.ROOT).contains(search)
				|| (!status.isBlank() && !row.status().equals(status))
				|| (!format.isBlank() && !row.format().equals(format)));
		var usage = new HashMap<String, ModelSummary>();
		this.statistics.summaries(rows.stream().map(ModelRow::id).toList())
			.forEach((summary) -> usage.put(summary.modelId(), summary));
		Map<String, Integer> alerts = this.openAlerts.countByModel(caller.userId(), request);
		var listed = new ArrayList<ListedModel>();
		for (ModelRow row : rows) {
			ModelSummary summary = usage.get(row.id());
			Instant last = (summary != null) ? summary.lastRequestAt() : null;
			listed.add(new ListedModel(row, (summary != null) ? summary.last24h().total() : 0,
					(last != null) ? ModelRow.CREATED.format(last) : "never", last, alerts.getOrDefault(row.id(), 0)));
		}
		listed.sort(ListedModel.order(sort));
		page.addAttribute("models", listed);
		page.addAttribute("q", q);
		page.addAttribute("status", status);
		page.addAttribute("format", format);
		page.addAttribute("sort", sort);
		return "models/list";
	}

	/**
	 * A model in the list, with its use.
	 *
	 * @param m the model
	 * @param requests24h its requests in the last 24 hours
	 * @param lastUsed its last request, for reading
	 * @param lastUsedAt the same, for sorting
	 * @param openAlerts how many of its alerts are open
	 */
	record ListedModel(ModelRow m, long requests24h, String lastUsed, @Nullable Instant lastUsedAt, int openAlerts) {

		static Comparator<ListedModel> order(String sort) {
			Comparator<ListedModel> byName = Comparator
				.comparing((ListedModel l) -> l.m().name().toLowerCase(Locale.ROOT));
			return switch (sort) {
				case "name" -> byName;
				case "status" -> Comparator.comparing((ListedModel l) -> l.m().status()).thenComparing(byName);
				case "format" -> Comparator.comparing((ListedModel l) -> l.m().format()).thenComparing(byName);
				case "requests" -> Comparator.comparingLong(ListedModel::requests24h).reversed().thenComparing(byName);
				case "last" -> Comparator
					.comparing(ListedModel::lastUsedAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
					.thenComparing(byName);
				default -> Comparator.comparing((ListedModel l) -> l.m().createdAt()).reversed();
			};
		}

	}

	@GetMapping("/models/{id}")
	String detail(Caller caller, @PathVariable String id, ModelMap page) {
		ModelAccess access = this.registry.access(caller.userId(), ModelId.parse(id));
		if (access.model().archived()) {
			throw new ModelNotFoundException();
		}
		describe(caller, access, page);
		return "models/detail";
	}

	/** Everything the model's page shows, from the same documentation as the API's. */
	void describe(Caller caller, ModelAccess access, ModelMap page) {
		Model model = access.model();
		page.addAttribute("versions",
				this.registry.versions(caller.userId(), model.id())
					.stream()
					.map((version) -> new VersionRow(version.number(), version.filename(), version.format().id(),
							ModelRow.CREATED.format(version.createdAt()), version.number() == model.version().number(),
							SchemaChanges.between(model.version(), version), version.description()))
					.toList());
		page.addAttribute("productionPinned", model.productionPinned());
		page.addAttribute("latestVersion", model.latestVersion());
		page.addAttribute("shares",
				(access.permission() == Permission.OWNER) ? this.shares.list(caller.userId(), model.id()) : List.of());
		String base = "/api/v1/models/" + model.id().value();
		ObjectNode docs = ModelDocs.of(model, this.urls.of(base + "/predict"), this.urls.of("/v3/api-docs"));
		page.addAttribute("model", ModelRow.of(access));
		page.addAttribute("endpointUrl", this.urls.of(base + "/predict"));
		page.addAttribute("docsUrl", this.urls.of(base + "/docs"));
		page.addAttribute("fileName", model.version().filename());
		page.addAttribute("engine", model.version().engine());
		page.addAttribute("inputs", inputs(docs.get("inputs")));
		page.addAttribute("tabular", "tabular".equals(docs.get("schema").get("kind").asString()));
		String exampleRequest = CompactJson.of(model.version().exampleRequest());
		String exampleResponse = CompactJson.of(model.version().exampleResponse());
		page.addAttribute("exampleRequest", exampleRequest);
		page.addAttribute("exampleResponse", exampleResponse);
		// a long example is folded: a picture's pixels would push the snippets out of
		// sight
		page.addAttribute("exampleRequestLines", exampleRequest.lines().count());
		page.addAttribute("exampleResponseLines", exampleResponse.lines().count());
		page.addAttribute("curl", docs.get("snippets").get("curl").asString());
		page.addAttribute("python", docs.get("snippets").get("python").asString());
		page.addAttribute("curlImage", docs.get("snippets").path("curl_image").asString(null));
		page.addAttribute("mayEdit", access.permission().allows(Permission.EDIT));
		page.addAttribute("mayUse", access.permission().allows(Permission.USE));
		if (access.permission().allows(Permission.USE)) {
			page.addAttribute("exportName", this.export.defaultName(caller.userId(), model));
		}
		page.addAttribute("report", report(caller, model));
		if (access.permission().allows(Permission.USE)) {
			page.addAttribute("evaluation", this.evaluation.of(caller, model));
		}
		page.addAttribute("imageInput", imageInput(model.version().imageInput()));
		if (!page.containsAttribute("picture")) {
			page.addAttribute("picture", PictureResult.none());
		}
		if (!page.containsAttribute("console")) {
			page.addAttribute("console", ConsoleResult.none());
		}
		if (!page.containsAttribute("consoleTop")) {
			page.addAttribute("consoleTop", ConsoleTop.none());
		}
		if (!page.containsAttribute("rawJson")) {
			page.addAttribute("rawJson", CompactJson.of(model.version().exampleRequest()));
		}
	}

	/** The training report of the version the endpoint serves, if it was trained here. */
	private @Nullable ReportView report(Caller caller, Model model) {
		TrainingReport report;
		try {
			report = this.training.report(caller.userId(), model.id(), null);
		}
		catch (TrainingReportNotFoundException ex) {
			return null;
		}
		JsonNode details = report.details();
		if ("images".equals(details.path("kind").asString(""))) {
			return new ReportView(details.path("dataset").path("name").asString(""),
					details.path("dataset").path("id").asString(""), "the pictures' labels", "image classification",
					"accuracy", details.path("architecture").asString(""),
					TrainingPages.Leader.figure(details.path("test_metrics").path("accuracy")), "on the test split",
					report.jobId().value(), List.of());
		}
		String metric = details.path("metric").asString("");
		JsonNode best = details.path("best");
		return new ReportView(details.path("dataset").path("name").asString(""),
				details.path("dataset").path("id").asString(""), details.path("target").asString(""),
				details.path("task").asString(""), metric, best.path("algorithm").asString(""),
				TrainingPages.Leader.figure(best.path("cv_metrics").path(metric)), "cross-validated",
				report.jobId().value(), TrainingPages.Leader.of(details.path("leaderboard"), metric));
	}

	/**
	 * The short training report of a trained model.
	 *
	 * @param dataset the dataset's name
	 * @param datasetId the dataset's id (it may have been deleted since)
	 * @param target the column predicted
	 * @param task classification or regression
	 * @param metric the metric that ranked the candidates
	 * @param bestAlgorithm the winner's family
	 * @param bestScore the winner's metric
	 * @param scoreBasis how the metric was measured, e.g. {@code cross-validated}
	 * @param jobId the training job
	 * @param leaderboard every candidate, best first
	 */
	record ReportView(String dataset, String datasetId, String target, String task, String metric, String bestAlgorithm,
			String bestScore, String scoreBasis, String jobId, List<TrainingPages.Leader> leaderboard) {

	}

	/** What switching the endpoint off does, and the button that does it. */
	@GetMapping("/models/{id}/deactivate")
	String confirmDeactivate(Caller caller, @PathVariable String id, ModelMap page) {
		Model model = editable(caller, id);
		String path = "/models/" + model.id().value();
		return Confirmation.page(page, "Deactivate " + model.name() + "?",
				List.of("Its endpoint is switched off at once: every call gets 403, also with API keys.",
						"Nothing is deleted: activate it again to serve at the same URL."),
				path + "/status?status=inactive", "Deactivate", path);
	}

	/**
	 * Activates, or deactivates when the form says it was confirmed; a deactivation
	 * without that changes nothing and is sent to the confirmation page.
	 */
	@PostMapping("/models/{id}/status")
	String status(Caller caller, @PathVariable String id, @RequestParam String status,
			@RequestParam(name = Confirmation.FIELD, required = false) @Nullable String confirmed,
			RedirectAttributes flash) {
		ModelStatus wanted = "active".equals(status) ? ModelStatus.ACTIVE : ModelStatus.INACTIVE;
		if (wanted == ModelStatus.INACTIVE && !Confirmation.given(confirmed)) {
			return "redirect:/models/" + editable(caller, id).id().value() + "/deactivate";
		}
		Model model = this.registry.update(caller.userId(), ModelId.parse(id), null, null, wanted);
		flash.addFlashAttribute("notice",
				(wanted == ModelStatus.ACTIVE) ? "The endpoint of " + model.name() + " serves again."
						: "The endpoint of " + model.name() + " is switched off: calls get 403 until you activate it.");
		return "redirect:/models/" + model.id().value();
	}

	@GetMapping("/models/{id}/delete")
	String confirmDelete(Caller caller, @PathVariable String id, ModelMap page) {
		ModelId modelId = ModelId.parse(id);
		ModelAccess access = this.registry.access(caller.userId(), modelId);
		if (access.permission() != Permission.OWNER || access.model().archived()) {
			throw new NotPermittedException(Permission.OWNER);
		}
		page.addAttribute("model", ModelRow.of(access));
		page.addAttribute("versions", this.registry.versions(caller.userId(), modelId).size());
		page.addAttribute("sharedWith", this.shares.list(caller.userId(), modelId).size());
		return "models/delete";
	}

	@PostMapping("/models/{id}/delete")
	String delete(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "") String confirmName,
			ModelMap page, RedirectAttributes flash) {
		ModelId modelId = ModelId.parse(id);
		Model model = this.registry.get(caller.userId(), modelId);
		if (!model.name().equals(confirmName.strip())) {
			page.addAttribute("mismatch", true);
			return confirmDelete(caller, id, page);
		}
		this.registry.delete(caller.userId(), modelId);
		flash.addFlashAttribute("notice", "Deleted " + model.name() + " with all its versions and its endpoint.");
		return "redirect:/models";
	}

	/** The model, when the caller may change it; otherwise the page's 404 or 403. */
	private Model editable(Caller caller, String id) {
		ModelAccess access = this.registry.access(caller.userId(), ModelId.parse(id));
		if (!access.permission().allows(Permission.EDIT) || access.model().archived()) {
			throw new NotPermittedException(Permission.EDIT);
		}
		return access.model();
	}

	/** How the served version takes pictures, for reading; null when it takes none. */
	private static @Nullable String imageInput(@Nullable ImageInput imageInput) {
		if (imageInput == null) {
			return null;
		}
		ImagePreprocessing p = imageInput.preprocessing();
		String classes = imageInput.labels().isEmpty() ? "classes by index"
				: imageInput.labels().size() + " classes: "
						+ String.join(", ", imageInput.labels().subList(0, Math.min(10, imageInput.labels().size())))
						+ ((imageInput.labels().size() > 10) ? ", …" : "");
		return p.width() + "×" + p.height() + " " + ((p.channels() == 1) ? "grey" : "RGB") + ", " + p.layout()
				+ ", scale " + String.format(Locale.ROOT, "%.6g", p.scale()) + "; " + classes;
	}

	private static List<Input> inputs(JsonNode inputs) {
		var list = new ArrayList<Input>();
		for (JsonNode input : inputs) {
			if (input.has("datatype")) {
				list.add(new Input(input.get("name").asString(), input.get("datatype").asString(),
						input.get("shape").toString(), null, false, true));
			}
			else {
				JsonNode allowed = input.get("allowed_values");
				list.add(new Input(input.get("name").asString(), input.get("type").asString(),
						input.get("model_type").asString(), (allowed != null) ? allowed.toString() : null,
						!"string".equals(input.get("type").asString()), input.get("note") == null));
			}
		}
		return list;
	}

	/**
	 * One input of the model, for the features table and the console's form.
	 *
	 * @param name the feature's or tensor's name
	 * @param type its JSON type (number, integer, string, boolean) or tensor datatype
	 * @param detail the model's own type, or a tensor's shape
	 * @param allowedValues the categories a feature takes, as JSON, or null
	 * @param numeric whether the console's field takes a number
	 * @param used whether the model uses it
	 */
	record Input(String name, String type, String detail, @Nullable String allowedValues, boolean numeric,
			boolean used) {

	}

	/**
	 * One version of the model, for the versions table.
	 * @param number its number
	 * @param file the uploaded file's name
	 * @param format the format recognised
	 * @param uploaded when, for reading
	 * @param production whether the endpoint serves it
	 */
	/**
	 * @param differences what the clients of the served version would notice if this one
	 * answered instead: promoting it needs a confirmation
	 * @param note what the uploader wrote about the version, or null
	 */
	record VersionRow(int number, String file, String format, String uploaded, boolean production,
			List<String> differences, @Nullable String note) {

	}

}

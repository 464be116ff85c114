package io.modelhost.dashboard;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.modelhost.accounts.Caller;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.protocol.ImageRequests;
import io.modelhost.protocol.ImageRequests.EncodedPicture;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelInactiveException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.NotPermittedException;
import io.modelhost.scheduling.DeadlineExceededException;
import io.modelhost.scheduling.QueueFullException;
import io.modelhost.scheduling.SchedulingException;
import io.modelhost.serving.ImagesNotAcceptedException;
import io.modelhost.serving.InvalidPictureException;
import io.modelhost.serving.ModelUnavailableException;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.serving.ServingProperties;
import io.modelhost.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.ModelMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The test console on a model's page: calls the model through {@link Predictor} as the
 * signed-in user, with a body built from the form's fields or the raw JSON, and shows the
 * answer, its status and latency. With htmx only the result is swapped in; without
 * JavaScript the whole page comes back with it.
 */
@Controller
class TestConsole {

	/** The console's form names each feature's field with this prefix. */
	private static final String FEATURE_FIELD = "f.";

	private final Predictor predictor;

	private final ModelRegistry registry;

	private final ModelPages pages;

	private final JsonMapper json;

	private final ServingProperties properties;

	TestConsole(Predictor predictor, ModelRegistry registry, ModelPages pages, JsonMapper json,
			ServingProperties properties) {
		this.properties = properties;
		this.predictor = predictor;
		this.registry = registry;
		this.pages = pages;
		this.json = json;
	}

	@PostMapping("/models/{id}/console")
	String call(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "form") String mode,
			@RequestParam(defaultValue = "") String raw, @RequestParam MultiValueMap<String, String> fields,
			HttpServletRequest request, ModelMap page) {
		ModelId modelId = ModelId.parse(id);
		ModelAccess access = this.registry.access(caller.userId(), modelId);
		ConsoleResult result = run(caller, modelId, "json".equals(mode) ? raw : null, fields, request);
		page.addAttribute("console", result);
		page.addAttribute("consoleTop",
				result.ok() ? ConsoleTop.of(this.json.readTree(result.body()), access.model().version().imageInput())
						: ConsoleTop.none());
		if (request.getHeader("HX-Request") != null) {
			return "models/detail :: console-result";
		}
		if (!raw.isBlank()) {
			page.addAttribute("rawJson", raw);
		}
		this.pages.describe(caller, access, page);
		return "models/detail";
	}

	/**
	 * Calls the model as the API would, and leaves the call on the request so that it is
	 * recorded as usage (protocol {@code dashboard}) with the status the API would have
	 * answered.
	 */
	private ConsoleResult run(Caller caller, ModelId id, @Nullable String raw, MultiValueMap<String, String> fields,
			HttpServletRequest request) {
		var call = new PredictionCall(caller, id.value(), "dashboard");
		ConsoleResult result = predict(call, raw, fields);
		if (call.modelId() != null) {
			request.setAttribute(PredictionCall.REQUEST_ATTRIBUTE, call);
			call.answered(result.status(), result.errorType());
		}
		return result;
	}

	private ConsoleResult predict(PredictionCall call, @Nullable String raw, MultiValueMap<String, String> fields) {
		JsonNode body;
		try {
			body = (raw != null) ? this.json.readTree(raw) : fromFields(fields);
		}
		catch (JacksonException ex) {
			return new ConsoleResult(true, 400, notJson(raw, ex), null, "malformed-body");
		}
		if (ImageRequests.sendsImages(body)) {
			return answer(call, () -> this.predictor.predictPictures(call,
					ImageRequests.fromJson(body, this.properties.maxPictures())));
		}
		return answer(call, () -> this.predictor.predict(call, body));
	}

	/**
	 * Why a body is not JSON, in plain words with where it goes wrong (the parser's own
	 * message names its internals).
	 */
	static String notJson(@Nullable String raw, JacksonException ex) {
		if (raw == null || raw.isBlank()) {
			return "The body is empty: write a JSON object such as {\"inputs\": [[1, 2]]}.";
		}
		var where = ex.getLocation();
		String at = (where != null && where.getLineNr() > 0)
				? " It goes wrong at line " + where.getLineNr() + ", column " + where.getColumnNr() + "." : "";
		return "This is not valid JSON." + at + " Check for a missing comma, quote or bracket, or text without quotes.";
	}

	/**
	 * The picture form of an image model's page: classifies one PNG or JPEG picture and
	 * shows the most likely classes. Works as a plain multipart form; with htmx only the
	 * result is swapped in.
	 */
	@PostMapping(path = "/models/{id}/classify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	String classify(Caller caller, @PathVariable String id,
			@RequestParam(name = "file", required = false) @Nullable MultipartFile file, HttpServletRequest request,
			ModelMap page) throws IOException {
		ModelId modelId = ModelId.parse(id);
		ModelAccess access = this.registry.access(caller.userId(), modelId);
		var call = new PredictionCall(caller, modelId.value(), "dashboard");
		PictureResult result;
		if (file == null || file.isEmpty()) {
			result = new PictureResult(
					new ConsoleResult(true, 400, "Choose a PNG or JPEG picture first.", null, "invalid-input"),
					List.of());
		}
		else if (file.getSize() > this.properties.maxRequestSize().toBytes()) {
			result = new PictureResult(new ConsoleResult(true, 413,
					"The picture is larger than the limit of " + this.properties.maxRequestSize().toBytes() + " bytes.",
					null, "request-too-large"), List.of());
		}
		else {
			byte[] bytes = file.getBytes();
			var response = new AtomicReference<ObjectNode>();
			ConsoleResult console = answer(call, () -> {
				response.set(this.predictor.predictPictures(call, List.of(new EncodedPicture("/file/0", bytes))));
				return response.get();
			});
			result = PictureResult.of(console, response.get());
		}
		if (call.modelId() != null) {
			request.setAttribute(PredictionCall.REQUEST_ATTRIBUTE, call);
			call.answered(result.console().status(), result.console().errorType());
		}
		page.addAttribute("picture", result);
		if (request.getHeader("HX-Request") != null) {
			return "models/detail :: picture-result";
		}
		this.pages.describe(caller, access, page);
		return "models/detail";
	}

	/** Runs a call and shows its answer, or what went wrong as the API would say it. */
	private ConsoleResult answer(PredictionCall call, Supplier<ObjectNode> prediction) {
		try {
			ObjectNode response = prediction.get();
			return new ConsoleResult(true, 200, this.json.writerWithDefaultPrettyPrinter().writeValueAsString(response),
					call.elapsedMillis(), null);
		}
		catch (ImagesNotAcceptedException ex) {
			return new ConsoleResult(true, 415, Problems.sentence(ex.getMessage()), call.elapsedMillis(),
					"images-not-accepted");
		}
		catch (InvalidPictureException ex) {
			return new ConsoleResult(true, ex.looksLikePicture() ? 422 : 415,
					"The picture cannot be read: " + ex.getMessage() + ".", call.elapsedMillis(),
					ex.looksLikePicture() ? "unreadable-picture" : "unsupported-picture");
		}
		catch (InvalidInputException ex) {
			var errors = new StringBuilder("The input does not fit the model:");
			ex.problems().forEach((p) -> errors.append("\n  ").append(p.pointer()).append(": ").append(p.detail()));
			return new ConsoleResult(true, 400, errors.toString(), call.elapsedMillis(), "invalid-input");
		}
		catch (ModelInactiveException ex) {
			return new ConsoleResult(true, 403, "The model is inactive: activate it to call its endpoint.",
					call.elapsedMillis(), "model-inactive");
		}
		catch (NotPermittedException ex) {
			return new ConsoleResult(true, 403, "You may view this model but not call it.", call.elapsedMillis(),
					"insufficient-permission");
		}
		catch (QueueFullException ex) {
			return new ConsoleResult(true, 503, "The model is busy; try again shortly.", call.elapsedMillis(),
					"model-busy");
		}
		catch (DeadlineExceededException ex) {
			return new ConsoleResult(true, 504, "The prediction did not finish in time.", call.elapsedMillis(),
					"deadline-exceeded");
		}
		catch (SchedulingException | ModelUnavailableException ex) {
			return new ConsoleResult(true, 503, "The model cannot be served right now.", call.elapsedMillis(),
					"model-unavailable");
		}
		catch (PredictionFailedException ex) {
			return new ConsoleResult(true, 500, "The model failed to predict.", call.elapsedMillis(),
					"prediction-failed");
		}
	}

	/**
	 * One named row from the form: a number where the field holds one, null for an empty
	 * field, the text otherwise; the model's signature then checks and converts each.
	 */
	private static JsonNode fromFields(MultiValueMap<String, String> fields) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		ObjectNode row = nodes.objectNode();
		for (Map.Entry<String, List<String>> field : fields.entrySet()) {
			String name = field.getKey();
			if (!name.startsWith(FEATURE_FIELD)) {
				continue;
			}
			String value = field.getValue().isEmpty() ? "" : field.getValue().getFirst().strip();
			String feature = name.substring(FEATURE_FIELD.length());
			if (value.isEmpty()) {
				row.putNull(feature);
			}
			else if (value.matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
				row.put(feature, new BigDecimal(value));
			}
			else {
				row.put(feature, value);
			}
		}
		ObjectNode body = nodes.objectNode();
		ArrayNode instances = body.putArray("instances");
		instances.add(row);
		return body;
	}

}

package io.modelhost.protocols.kserve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.modelhost.accounts.Caller;
import io.modelhost.protocol.PredictionRequests;
import io.modelhost.protocol.PredictionResponses;
import io.modelhost.protocols.web.Messages;
import io.modelhost.protocols.web.ModelReadiness;
import io.modelhost.protocols.web.RequestBodies;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.serving.Predictor.Served;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * KServe V1: {@code {name}} is the model's id or its name (the caller's newest model of
 * that name). {@code instances} and {@code inputs} mean what they mean in the platform's
 * own prediction API.
 */
@RestController
@Tag(name = "KServe V1",
		description = "KServe's V1 (TensorFlow Serving style) protocol: POST "
				+ "/v1/models/{name}:predict with {\"instances\": [...]} or {\"inputs\": [...]} answers "
				+ "{\"predictions\": [...]}. Every error answer carries {\"error\": \"...\"}.")
class KServeV1Controller {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** How many of the caller's models the listing shows, newest first. */
	private static final int MAX_LISTED = 100;

	private final Predictor predictor;

	private final ModelRegistry registry;

	private final RequestBodies bodies;

	private final ModelReadiness readiness;

	KServeV1Controller(Predictor predictor, ModelRegistry registry, RequestBodies bodies, ModelReadiness readiness) {
		this.predictor = predictor;
		this.registry = registry;
		this.bodies = bodies;
		this.readiness = readiness;
	}

	@GetMapping("/v1/models")
	@Operation(summary = "List models", description = "The names of your " + MAX_LISTED + " newest models; with "
			+ "an API key limited to some models, of those models only.")
	ModelListResponse models(@Parameter(hidden = true) Caller caller) {
		return new ModelListResponse(usable(caller).stream().map(Model::name).distinct().toList());
	}

	/**
	 * The caller's newest models that the credential may be used with: for a key limited
	 * to some models, those of them the caller still owns.
	 */
	private List<Model> usable(Caller caller) {
		if (caller.modelScope().isEmpty()) {
			var newest = new ModelQuery(null, null, null, ModelQuery.Sort.CREATED_AT, true, 0, MAX_LISTED);
			return this.registry.list(caller.userId(), newest).models();
		}
		var models = new ArrayList<Model>();
		for (String id : caller.modelScope()) {
			try {
				Model model = this.registry.get(caller.userId(), new ModelId(id));
				if (model.owner().equals(caller.userId())) {
					models.add(model);
				}
			}
			catch (ModelNotFoundException ex) {
				// deleted or archived since the key was made
			}
		}
		models.sort(Comparator.comparing(Model::createdAt).reversed());
		return models.subList(0, Math.min(MAX_LISTED, models.size()));
	}

	@GetMapping("/v1/models/{name}")
	@Operation(summary = "Model status", description = "{\"name\", \"ready\": true} if the model serves (its "
			+ "stored file loads, loading it now if needed); 503 {\"error\"} if it is switched off or cannot be "
			+ "loaded, 404 if there is no such model.")
	ResponseEntity<Object> model(@Parameter(hidden = true) Caller caller, @PathVariable String name) {
		if (!this.readiness.ready(this.predictor.target(new PredictionCall(caller, name, "v1")))) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(new ErrorResponse("model '" + Messages.quote(name) + "' is not ready"));
		}
		return ResponseEntity.ok(new ModelStatusResponse(name, true));
	}

	@PostMapping(path = "/v1/models/{name}:predict", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Predict",
			description = "{\"instances\": [...]} (rows as objects keyed by feature, or positional rows, or "
					+ "tensor examples) or {\"inputs\": [...]} (positional rows or examples). Authenticate with "
					+ "X-API-Key or a bearer token.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					mediaType = MediaType.APPLICATION_JSON_VALUE,
					examples = @ExampleObject(name = "iris", value = "{\"instances\": [[6.3, 3.3, 6.0, 2.5]]}"))))
	PredictResponse predict(@Parameter(hidden = true) Caller caller, @PathVariable String name,
			HttpServletRequest request) throws IOException {
		var call = new PredictionCall(caller, name, "v1");
		request.setAttribute(PredictionCall.REQUEST_ATTRIBUTE, call);
		this.predictor.target(call); // who may call it, before what they sent
		JsonNode body = this.bodies.json(request);
		int maxRows = this.predictor.maxRows();
		Served served = this.predictor.predict(call,
				(signature) -> PredictionRequests.decode(body, signature, maxRows));
		return new PredictResponse(
				perInstance(PredictionResponses.encode(served.prediction(), served.target().signature())));
	}

	@PostMapping("/v1/models/{name}:explain")
	@Operation(summary = "Explain (not supported)", description = "Always 501: explanations are not supported.")
	ResponseEntity<ErrorResponse> explain(@Parameter(hidden = true) Caller caller, @PathVariable String name) {
		this.predictor.target(new PredictionCall(caller, name, "v1")); // 404 for a model
																		// you cannot see
		return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED)
			.body(new ErrorResponse("explanations are not supported"));
	}

	/**
	 * One prediction per instance: the platform's {@code predictions}, or for a model
	 * with several outputs an object per instance keyed by output name (as TensorFlow
	 * Serving answers).
	 */
	private static JsonNode perInstance(ObjectNode encoded) {
		JsonNode predictions = encoded.get("predictions");
		if (predictions != null) {
			return predictions;
		}
		ArrayNode instances = NODES.arrayNode();
		for (Map.Entry<String, JsonNode> output : encoded.get("outputs").properties()) {
			for (int i = 0; i < output.getValue().size(); i++) {
				if (instances.size() <= i) {
					instances.addObject();
				}
				((ObjectNode) instances.get(i)).set(output.getKey(), output.getValue().get(i));
			}
		}
		return instances;
	}

}

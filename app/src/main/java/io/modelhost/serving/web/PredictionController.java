package io.modelhost.serving.web;

import java.io.IOException;
import java.io.InputStream;

import io.modelhost.accounts.Caller;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelVersion;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.serving.ServingProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Predictions", description = "Each model's endpoint; the per-model operations below document each one")
class PredictionController {

	private final Predictor predictor;

	private final ServingProperties properties;

	/** Reads NaN and Infinity, so that they are refused with a precise message. */
	private final JsonMapper json;

	PredictionController(Predictor predictor, ServingProperties properties, JsonMapper json) {
		this.predictor = predictor;
		this.properties = properties;
		this.json = json.rebuild().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
	}

	@PostMapping(path = "/api/v1/models/{id}/predict", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Predict with a model",
			description = "Authenticate with X-API-Key or a bearer token. Body: {\"inputs\": [[...]]} with rows in "
					+ "the model's feature order (or tensor examples), or {\"instances\": [{\"feature\": value}]}.")
	ObjectNode predict(Caller caller, @PathVariable String id, HttpServletRequest request) throws IOException {
		var call = new PredictionCall(caller, ModelId.parse(id).value(), "modelhost");
		request.setAttribute(PredictionCall.REQUEST_ATTRIBUTE, call);
		this.predictor.target(call); // who may call it, before what they sent
		return this.predictor.predict(call, body(request));
	}

	@PostMapping(path = "/api/v1/models/{id}/versions/{version}/predict", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Predict with one version of a model",
			description = "Like the model's endpoint, but with the version given rather than the one the alias "
					+ "'production' points to: for trying a version before promoting it.")
	ObjectNode predictVersion(Caller caller, @PathVariable String id, @PathVariable String version,
			HttpServletRequest request) throws IOException {
		var call = new PredictionCall(caller, ModelId.parse(id).value(), ModelVersion.parseNumber(version),
				"modelhost");
		request.setAttribute(PredictionCall.REQUEST_ATTRIBUTE, call);
		this.predictor.target(call); // who may call it, before what they sent
		return this.predictor.predict(call, body(request));
	}

	private JsonNode body(HttpServletRequest request) throws IOException {
		long limit = this.properties.maxRequestSize().toBytes();
		if (request.getContentLengthLong() > limit) {
			throw new RequestTooLargeException(limit);
		}
		try (InputStream in = request.getInputStream()) {
			// with a declared length, read exactly that (and one byte more to catch a
			// liar):
			// reading up to the limit would allocate a limit-sized buffer per request
			long declared = request.getContentLengthLong();
			long wanted = (declared >= 0) ? declared + 1 : limit + 1;
			byte[] bytes = in.readNBytes((int) Math.min(wanted, Integer.MAX_VALUE - 8));
			if (bytes.length > limit) {
				throw new RequestTooLargeException(limit);
			}
			return this.json.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new MalformedJsonException(ex);
		}
	}

}

package io.modelhost.protocols.mlflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.modelhost.accounts.Caller;
import io.modelhost.protocol.PredictionResponses;
import io.modelhost.protocols.web.RequestBodies;
import io.modelhost.protocols.web.UnsupportedContentTypeException;
import io.modelhost.registry.ModelId;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.serving.Predictor.Served;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's scoring endpoint for each model, at the model's own path (MLflow serves one
 * model at {@code /invocations}; here the model's id comes first).
 */
@RestController
@Tag(name = "MLflow", description = "MLflow's scoring protocol (mlflow models serve): POST "
		+ "/api/v1/models/{id}/invocations with dataframe_split, dataframe_records, instances or inputs in JSON, "
		+ "or CSV with a header row, answers {\"predictions\": [...]}. Errors are "
		+ "{\"error_code\": \"BAD_REQUEST\", \"message\": \"...\"}.")
class MlflowController {

	private static final String SUPPORTED = "application/json or text/csv";

	private static final String EXAMPLE = """
			{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": [[6.3, 3.3, 6.0, 2.5]]}}""";

	private final Predictor predictor;

	private final RequestBodies bodies;

	MlflowController(Predictor predictor, RequestBodies bodies) {
		this.predictor = predictor;
		this.bodies = bodies;
	}

	@PostMapping(path = "/api/v1/models/{id}/invocations", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Score (MLflow)",
			description = "JSON with exactly one of dataframe_split {columns, data}, dataframe_records "
					+ "[{column: value}], instances or inputs (params is ignored), or text/csv with a header row. "
					+ "Columns map to features by name; columns the model does not know are ignored. Authenticate "
					+ "with X-API-Key or a bearer token.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							examples = @ExampleObject(name = "dataframe_split", value = EXAMPLE)),
					@Content(mediaType = "text/csv",
							examples = @ExampleObject(name = "csv", value = "x1,x2,x3,x4\n6.3,3.3,6.0,2.5\n")) }))
	ScoringResponse invocations(@Parameter(hidden = true) Caller caller, @PathVariable String id,
			HttpServletRequest request) throws IOException {
		var call = new PredictionCall(caller, ModelId.parse(id).value(), "mlflow");
		request.setAttribute(PredictionCall.REQUEST_ATTRIBUTE, call);
		this.predictor.target(call); // who may call it, before what they sent
		int maxRows = this.predictor.maxRows();
		ScoringRequest scoring = read(request, maxRows);
		Served served = this.predictor.predict(call, (signature) -> scoring.decode(signature, maxRows));
		return new ScoringResponse(
				predictions(PredictionResponses.encode(served.prediction(), served.target().signature())));
	}

	private ScoringRequest read(HttpServletRequest request, int maxRows) throws IOException {
		MediaType type = mediaType(request.getContentType());
		if (type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
			return ScoringRequest.of(this.bodies.json(request));
		}
		if (type != null && (type.isCompatibleWith(MediaType.parseMediaType("text/csv"))
				|| type.isCompatibleWith(MediaType.parseMediaType("application/csv")))) {
			return CsvTable.parse(new String(this.bodies.bytes(request), StandardCharsets.UTF_8), maxRows);
		}
		throw new UnsupportedContentTypeException(request.getContentType(), SUPPORTED);
	}

	private static @Nullable MediaType mediaType(@Nullable String contentType) {
		if (contentType == null) {
			return null;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype() ? null : type;
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	/**
	 * MLflow's predictions: one per row, or for a model with several outputs an object of
	 * them keyed by output name.
	 */
	private static JsonNode predictions(ObjectNode encoded) {
		JsonNode predictions = encoded.get("predictions");
		return (predictions != null) ? predictions : encoded.get("outputs");
	}

}

package io.modelhost.protocols.oip;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import io.modelhost.accounts.Caller;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.protocols.web.ModelReadiness;
import io.modelhost.protocols.web.RequestBodies;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.registry.ModelVersion;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.serving.Predictor.Served;
import io.modelhost.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A model's metadata, readiness and inference. {@code {name}} is the model's id or its
 * name (the caller's newest model of that name); without a version, the model's
 * production version answers, and {@code /versions/{v}} addresses any stored version.
 */
@RestController
@Tag(name = OipServerController.TAG, description = OipServerController.TAG_DESCRIPTION)
class OipModelController {

	private static final String MODEL = "/v2/models/{name}";

	private static final String VERSION = "/v2/models/{name}/versions/{version}";

	private static final String EXAMPLE = """
			{"id": "42", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32",
			  "data": [5.1, 3.5, 1.4, 0.2]}], "outputs": [{"name": "probabilities"}]}""";

	private final Predictor predictor;

	private final RequestBodies bodies;

	private final ModelRegistry registry;

	private final ModelReadiness readiness;

	/** Writes the JSON header of binary answers as the JSON answers are written. */
	private final JsonMapper json;

	OipModelController(Predictor predictor, RequestBodies bodies, ModelRegistry registry, ModelReadiness readiness,
			JsonMapper json) {
		this.predictor = predictor;
		this.bodies = bodies;
		this.registry = registry;
		this.readiness = readiness;
		this.json = json;
	}

	@GetMapping({ MODEL, VERSION })
	@Operation(summary = "Model metadata",
			description = "The model's inputs and outputs as tensors (name, "
					+ "datatype, shape; -1 for any size). A tabular model has one input per feature, the output "
					+ "'predict' and, for a classifier, 'predict_proba'.")
	ModelMetadataResponse metadata(@Parameter(hidden = true) Caller caller, @PathVariable String name,
			@PathVariable(required = false) @Nullable String version) {
		ServingTarget target = target(caller, name, version);
		ModelSignature signature = target.signature();
		List<TensorSpec> inputs = switch (signature) {
			case TabularSignature tabular -> TabularTensors.inputs(tabular);
			case TensorSignature tensors -> tensors.inputs();
		};
		// every version /versions/{v} addresses, oldest first
		List<String> versions = this.registry.versions(caller.userId(), target.id())
			.stream()
			.map(ModelVersion::number)
			.sorted()
			.map(String::valueOf)
			.toList();
		return new ModelMetadataResponse(name, versions, Platforms.of(target.artifact().format()), metadata(inputs),
				metadata(InferenceOutputs.of(signature)));
	}

	@GetMapping(path = { MODEL + "/ready", VERSION + "/ready" }, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Model ready",
			description = "200 {\"name\", \"ready\": true} if the model serves (its stored file is loaded, "
					+ "loading it now if needed); 400 {\"name\", \"ready\": false} if it is switched off or its "
					+ "file cannot be loaded (the protocol's 4xx for false); 404 if there is no such model.")
	@ApiResponse(responseCode = "200", description = "ready")
	@ApiResponse(responseCode = "400", description = "not ready",
			content = @Content(schema = @Schema(implementation = ModelReadyResponse.class)))
	ResponseEntity<ModelReadyResponse> ready(@Parameter(hidden = true) Caller caller, @PathVariable String name,
			@PathVariable(required = false) @Nullable String version) {
		boolean ready = this.readiness.ready(target(caller, name, version));
		return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.BAD_REQUEST)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ModelReadyResponse(name, ready));
	}

	@PostMapping(path = { MODEL + "/infer", VERSION + "/infer" },
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE })
	@Operation(summary = "Inference", description = """
			Input tensors with name, shape, datatype and data (flat or nested, row-major); 'outputs' selects \
			which outputs to return. Authenticate with X-API-Key or a bearer token. Triton's binary tensor data \
			extension (as tritonclient sends by default): the body is the JSON request, its length in bytes in \
			the HTTP header Inference-Header-Content-Length, followed by the raw bytes of each input that gives \
			'parameters': {'binary_data_size': N} instead of 'data', in order (little-endian, row-major; BOOL one \
			byte; BYTES each element a 4-byte little-endian length and its bytes); any content type, usually \
			application/octet-stream. Outputs asked for as binary ('parameters': {'binary_data': true} on an \
			output, or {'binary_data_output': true} on the request) are answered as application/octet-stream: \
			the JSON response, whose length is in Inference-Header-Content-Length, each such output with \
			'parameters': {'binary_data_size': N} and no 'data', then their bytes in order.""",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							examples = @ExampleObject(name = "iris_mlp.onnx", value = EXAMPLE)),
					@Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
							schema = @Schema(type = "string", format = "binary",
									description = "the JSON request (Inference-Header-Content-Length bytes), "
											+ "then the inputs' binary data")) }))
	@Parameter(name = InferenceBody.HEADER_LENGTH, in = ParameterIn.HEADER, required = false,
			description = "the length in bytes of the JSON request at the start of a body that carries binary "
					+ "tensor data",
			schema = @Schema(type = "integer", format = "int32", minimum = "1"))
	@ApiResponse(responseCode = "200", description = "the outputs", content = {
			@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = InferenceResponse.class)),
			@Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string",
					format = "binary",
					description = "when outputs were asked for as binary data: the JSON response "
							+ "(Inference-Header-Content-Length bytes, a header of the answer), then the outputs' "
							+ "binary data")) })
	ResponseEntity<Object> infer(@Parameter(hidden = true) Caller caller, @PathVariable String name,
			@PathVariable(required = false) @Nullable String version, HttpServletRequest request) throws IOException {
		var call = new PredictionCall(caller, name, number(version), "v2");
		request.setAttribute(PredictionCall.REQUEST_ATTRIBUTE, call);
		this.predictor.target(call); // who may call it, before what they sent
		InferenceBody body = InferenceBody.of(this.bodies.bytes(request),
				request.getHeader(InferenceBody.HEADER_LENGTH));
		InferenceRequest inference = InferenceRequest.parse(this.bodies.json(body.bytes(), body.headerLength()),
				body.binary());
		int maxRows = this.predictor.maxRows();
		Served served = this.predictor.predict(call, (signature) -> {
			InferenceOutputs.check(signature, inference.outputs());
			return switch (signature) {
				case TabularSignature tabular -> new FeatureInputs(tabular, maxRows).decode(inference.inputs());
				case TensorSignature tensors -> new TensorInputs(tensors, maxRows).decode(inference.inputs());
			};
		});
		ServingTarget target = served.target();
		var response = new InferenceResponse(name, String.valueOf(target.version()), id(inference, request),
				InferenceOutputs.encode(served.prediction(), target.signature(), inference.outputs()));
		return InferenceAnswer.of(response, inference, this.json);
	}

	private ServingTarget target(Caller caller, String name, @Nullable String version) {
		return this.predictor.target(new PredictionCall(caller, name, number(version), "v2"));
	}

	/** Versions are the registry's numbers; anything else is not found. */
	private static @Nullable Integer number(@Nullable String version) {
		return (version != null) ? ModelVersion.parseNumber(version) : null;
	}

	/**
	 * The request's id, else the request id the server gave it, so logs can be matched.
	 */
	private static String id(InferenceRequest inference, HttpServletRequest request) {
		if (inference.id() != null) {
			return inference.id();
		}
		String requestId = RequestIds.of(request);
		return (requestId != null) ? requestId : UUID.randomUUID().toString();
	}

	private static List<TensorMetadata> metadata(List<TensorSpec> specs) {
		return specs.stream().map((spec) -> new TensorMetadata(spec.name(), spec.type().name(), spec.shape())).toList();
	}

}

package io.modelhost.serving.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.protocol.ImageRequests;
import io.modelhost.protocol.ImageRequests.EncodedPicture;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelVersion;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.serving.ServingProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

@RestController
@Tag(name = "Predictions", description = "Each model's endpoint; the per-model operations below document each one")
class PredictionController {

	private final Predictor predictor;

	private final ServingProperties properties;

	/**
	 * Reads NaN and Infinity, so that they are refused with a precise message; refuses a
	 * duplicate key, which would otherwise silently replace the first.
	 */
	private final JsonMapper json;

	PredictionController(Predictor predictor, ServingProperties properties, JsonMapper json) {
		this.predictor = predictor;
		this.properties = properties;
		this.json = json.rebuild()
			.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
	}

	@PostMapping(path = "/api/v1/models/{id}/predict", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Predict with a model",
			description = "Authenticate with X-API-Key or a bearer token. Body: {\"inputs\": [[...]]} with rows in "
					+ "the model's feature order (or tensor examples), or {\"instances\": [{\"feature\": value}]}; "
					+ "an image model also takes {\"images\": [\"<base64 PNG or JPEG>\", …]}.")
	ObjectNode predict(Caller caller, @PathVariable String id, HttpServletRequest request) throws IOException {
		var call = new PredictionCall(caller, ModelId.parse(id).value(), "modelhost");
		return json(call, request);
	}

	@PostMapping(path = "/api/v1/models/{id}/predict",
			consumes = { MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Classify pictures with an image model",
			description = "For a model with an image input declared: a PNG or JPEG picture as the raw body "
					+ "(Content-Type image/png or image/jpeg), or one or more multipart 'file' parts. Each is "
					+ "converted as declared (size, channels, scaling). The JSON form is {\"images\": "
					+ "[\"<base64>\", …]}. Answers predictions (labels), probabilities and classes.")
	ObjectNode predictPictures(Caller caller, @PathVariable String id, HttpServletRequest request) throws IOException {
		var call = new PredictionCall(caller, ModelId.parse(id).value(), "modelhost");
		return pictures(call, request);
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
		return json(call, request);
	}

	@PostMapping(path = "/api/v1/models/{id}/versions/{version}/predict",
			consumes = { MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Classify pictures with one version of an image model",
			description = "Like the model's picture endpoint, with the version given.")
	ObjectNode predictVersionPictures(Caller caller, @PathVariable String id, @PathVariable String version,
			HttpServletRequest request) throws IOException {
		var call = new PredictionCall(caller, ModelId.parse(id).value(), ModelVersion.parseNumber(version),
				"modelhost");
		return pictures(call, request);
	}

	@PostMapping(path = "/api/v1/models/{id}/aliases/{alias}/predict", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Predict with the version an alias points to",
			description = "Like the model's endpoint, with the version the alias (e.g. staging) points to; "
					+ "model_version in the answer says which. 404 alias-not-found for an alias the model does "
					+ "not have. 'production' is the endpoint itself, traffic split included.")
	ObjectNode predictAlias(Caller caller, @PathVariable String id, @PathVariable String alias,
			HttpServletRequest request) throws IOException {
		return json(PredictionCall.byAlias(caller, ModelId.parse(id).value(), alias, "modelhost"), request);
	}

	@PostMapping(path = "/api/v1/models/{id}/aliases/{alias}/predict",
			consumes = { MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Classify pictures with the version an alias points to",
			description = "Like the model's picture endpoint, with the version the alias points to.")
	ObjectNode predictAliasPictures(Caller caller, @PathVariable String id, @PathVariable String alias,
			HttpServletRequest request) throws IOException {
		return pictures(PredictionCall.byAlias(caller, ModelId.parse(id).value(), alias, "modelhost"), request);
	}

	private ObjectNode json(PredictionCall call, HttpServletRequest request) throws IOException {
		request.setAttribute(PredictionCall.REQUEST_ATTRIBUTE, call);
		this.predictor.target(call); // who may call it, before what they sent
		JsonNode body;
		try (JsonParser parser = this.json.createParser(bytes(request))) {
			try {
				body = this.json.readTree(parser);
				if (body == null || body.isMissingNode() || parser.nextToken() != null) {
					// nothing, or more than one value
					throw new StreamReadException(parser, "not one JSON value");
				}
			}
			catch (JacksonException ex) {
				throw new MalformedJsonException(ex, parser);
			}
		}
		if (ImageRequests.sendsImages(body)) {
			return this.predictor.predictPictures(call, ImageRequests.fromJson(body, this.properties.maxPictures()));
		}
		return this.predictor.predict(call, body);
	}

	private ObjectNode pictures(PredictionCall call, HttpServletRequest request) throws IOException {
		request.setAttribute(PredictionCall.REQUEST_ATTRIBUTE, call);
		this.predictor.target(call); // who may call it, before what they sent
		var pictures = new ArrayList<EncodedPicture>();
		if (request instanceof MultipartHttpServletRequest multipart) {
			long limit = this.properties.maxRequestSize().toBytes();
			long total = 0;
			List<MultipartFile> files = multipart.getFiles("file");
			if (files.isEmpty()) {
				throw new InvalidInputException(List.of(new InvalidInputException.InputProblem("/file",
						"send each picture as a multipart part named 'file'")));
			}
			ImageRequests.requireCount(files.size(), this.properties.maxPictures(), "/file");
			for (int i = 0; i < files.size(); i++) {
				total += files.get(i).getSize();
				if (total > limit) {
					throw new RequestTooLargeException(limit);
				}
				pictures.add(new EncodedPicture("/file/" + i, files.get(i).getBytes()));
			}
		}
		else {
			pictures.add(new EncodedPicture("", bytes(request)));
		}
		return this.predictor.predictPictures(call, pictures);
	}

	private byte[] bytes(HttpServletRequest request) throws IOException {
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
			return bytes;
		}
	}

}

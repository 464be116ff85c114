package io.modelhost.apidocs;

import java.util.List;

import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.protocol.ExampleRequests;
import io.modelhost.protocol.ImageInput;
import io.modelhost.registry.Model;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One OpenAPI operation per model: {@code POST /api/v1/models/<id>/predict} with a
 * request schema derived from the model's signature and the stored example request and
 * response.
 */
public final class ModelOperations {

	/**
	 * Examples are handed to swagger-core as plain maps and lists, which it serialises as
	 * JSON.
	 */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ModelOperations() {
	}

	/** The path item for a model's endpoint. */
	public static PathItem pathItem(Model model) {
		ModelSignature signature = model.version().signature();
		Schema<?> body = new ObjectSchema().description("Send either inputs or instances; any other member is refused.")
			.addProperty("inputs", positional(signature))
			.addProperty("instances", named(signature));
		body.setAdditionalProperties(false);
		ImageInput imageInput = model.version().imageInput();
		var json = new MediaType().schema(body)
			.addExamples("positional", example(model.version().exampleRequest()))
			.addExamples("named", example(ExampleRequests.named(signature, model.version().exampleRequest())));
		var content = new Content().addMediaType("application/json", json);
		Schema<?> answer = response(signature);
		if (imageInput != null) {
			body.description("Send either inputs or instances, or images: base64-encoded PNG or JPEG pictures.")
				.addProperty("images", new ArraySchema().items(new Schema<>().type("string").format("byte"))
					.minItems(1)
					.description("PNG or JPEG pictures, base64-encoded; each converted to " + pictures(imageInput)));
			json.addExamples("images", example(ExampleRequests.images(imageInput)));
			Schema<?> binary = new Schema<>().type("string").format("binary");
			content.addMediaType("image/png", new MediaType().schema(binary))
				.addMediaType("image/jpeg", new MediaType().schema(binary))
				.addMediaType("multipart/form-data", new MediaType().schema(new ObjectSchema().addProperty("file",
						new ArraySchema().items(binary).description("One part per picture, each named file"))));
			answer = imageResponse();
		}
		var request = new RequestBody().required(true).content(content);
		var responses = new ApiResponses()
			.addApiResponse("200",
					new ApiResponse().description("The model's predictions")
						.content(new Content().addMediaType("application/json",
								new MediaType().schema(answer)
									.example((imageInput == null) ? plain(model.version().exampleResponse()) : null))))
			.addApiResponse("400", problem("The input does not fit the model; errors lists each problem"))
			.addApiResponse("401", problem("Missing or invalid API key or token"))
			.addApiResponse("404", problem("No such model (or not yours)"));
		if (imageInput != null) {
			responses.addApiResponse("413", problem("The body is larger than the limit"))
				.addApiResponse("415", problem("A picture is not a PNG or JPEG"))
				.addApiResponse("422", problem("A picture is damaged or has more pixels than the limit"));
		}
		var operation = new Operation().operationId("predict_" + model.id().value().replace("-", ""))
			.summary("Predict with " + model.name())
			.description(model.description() + "\n\nModel " + model.id().value() + ", version "
					+ model.version().number() + " (" + model.version().format().id() + ")."
					+ ((imageInput != null) ? "\n\nTakes PNG or JPEG pictures: the raw body (image/png, image/jpeg), "
							+ "multipart 'file' parts, or JSON {\"images\": [\"<base64>\"]}; each is converted to "
							+ pictures(imageInput) + ". Answers predictions (class labels), probabilities and classes."
							: ""))
			.addTagsItem("Your models")
			.requestBody(request)
			.responses(responses);
		return new PathItem().post(operation);
	}

	private static Schema<?> positional(ModelSignature signature) {
		return switch (signature) {
			case TabularSignature tabular -> {
				int n = tabular.features().size();
				List<String> nullable = tabular.features()
					.stream()
					.filter(ModelOperations::takesNull)
					.map(TabularSignature.Feature::name)
					.toList();
				Schema<?> row = new ArraySchema().items(new Schema<>().nullable(!nullable.isEmpty()))
					.minItems(n)
					.maxItems(n)
					.description("One row: " + n + " values in this order: "
							+ String.join(", ",
									tabular.features().stream().map(TabularSignature.Feature::name).toList())
							+ ". " + (nullable.isEmpty() ? "No value may be null (missing)."
									: "Only these may be null (missing): " + String.join(", ", nullable) + "."));
				yield new ArraySchema().items(row).minItems(1);
			}
			case TensorSignature tensors -> (tensors.inputs().size() == 1)
					? new ArraySchema().items(example(tensors.inputs().getFirst())).minItems(1) : namedTensors(tensors);
		};
	}

	/**
	 * Whether the model takes null for a feature: one it handles missing, or ignores.
	 */
	static boolean takesNull(TabularSignature.Feature feature) {
		return feature.acceptsMissing() || !feature.used();
	}

	private static Schema<?> named(ModelSignature signature) {
		return switch (signature) {
			case TabularSignature tabular -> {
				var row = new ObjectSchema();
				for (TabularSignature.Feature feature : tabular.features()) {
					Schema<Object> value = new Schema<>().type(ModelDocs.jsonType(feature.type()))
						.nullable(takesNull(feature));
					if (!feature.categories().isEmpty()) {
						value.setEnum(new java.util.ArrayList<Object>(feature.categories()));
					}
					row.addProperty(feature.name(), value);
					if (feature.used()) {
						row.addRequiredItem(feature.name());
					}
				}
				row.setAdditionalProperties(false);
				yield new ArraySchema().items(row).minItems(1);
			}
			case TensorSignature tensors -> {
				var row = new ObjectSchema();
				tensors.inputs()
					.forEach((spec) -> row.addProperty(spec.name(), example(spec)).addRequiredItem(spec.name()));
				yield new ArraySchema().items(row).minItems(1);
			}
		};
	}

	private static Schema<?> namedTensors(TensorSignature tensors) {
		var inputs = new ObjectSchema();
		tensors.inputs().forEach((spec) -> inputs.addProperty(spec.name(), new ArraySchema().items(example(spec))));
		return inputs;
	}

	/**
	 * One example of a tensor input: nested arrays of its shape without the batch
	 * dimension.
	 */
	private static Schema<?> example(TensorSpec spec) {
		Schema<?> element = new Schema<>()
			.type(spec.type().isNumeric() ? (spec.type().isInteger() ? "integer" : "number")
					: (spec.type().name().equals("BOOL") ? "boolean" : "string"));
		List<Long> shape = spec.shape();
		Schema<?> schema = element;
		for (int d = shape.size() - 1; d >= 1; d--) {
			ArraySchema array = new ArraySchema().items(schema);
			if (shape.get(d) >= 0) {
				array.minItems(shape.get(d).intValue()).maxItems(shape.get(d).intValue());
			}
			schema = array;
		}
		return schema.description(spec.name() + ": " + spec.type() + " " + shape + " (first dimension: batch)");
	}

	private static Schema<?> response(ModelSignature signature) {
		var schema = new ObjectSchema().addProperty("predictions", new ArraySchema().items(new Schema<>()))
			.addProperty("model_id", new Schema<>().type("string"))
			.addProperty("model_version", new Schema<>().type("integer"))
			.addProperty("latency_ms", new Schema<>().type("number"));
		if (signature instanceof TabularSignature tabular && !tabular.target().classes().isEmpty()) {
			schema.addProperty("probabilities",
					new ArraySchema().items(new ArraySchema().items(new Schema<>().type("number"))));
			schema.addProperty("classes", new ArraySchema().items(new Schema<>()));
		}
		if (signature instanceof TensorSignature tensors && tensors.outputs().size() > 1) {
			schema.addProperty("outputs", new ObjectSchema());
		}
		return schema;
	}

	private static String pictures(ImageInput imageInput) {
		var p = imageInput.preprocessing();
		return p.width() + "×" + p.height() + " " + ((p.channels() == 1) ? "grey" : "RGB") + " (" + p.layout()
				+ ", values × " + p.scale() + ", then (value - mean) / std per channel)";
	}

	private static Schema<?> imageResponse() {
		return new ObjectSchema()
			.addProperty("predictions",
					new ArraySchema().items(new Schema<>().type("string"))
						.description("The most likely class of each picture"))
			.addProperty("probabilities",
					new ArraySchema().items(new ArraySchema().items(new Schema<>().type("number")))
						.description("Per picture, one probability per class in the order of classes"))
			.addProperty("classes", new ArraySchema().items(new Schema<>().type("string")))
			.addProperty("model_id", new Schema<>().type("string"))
			.addProperty("model_version", new Schema<>().type("integer"))
			.addProperty("latency_ms", new Schema<>().type("number"));
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new ObjectSchema().addProperty("type", new Schema<>().type("string"))
						.addProperty("title", new Schema<>().type("string"))
						.addProperty("status", new Schema<>().type("integer"))
						.addProperty("detail", new Schema<>().type("string")))));
	}

	private static io.swagger.v3.oas.models.examples.Example example(JsonNode value) {
		return new io.swagger.v3.oas.models.examples.Example().value(plain(value));
	}

	/** JSON as plain Java maps, lists and values. */
	private static Object plain(JsonNode value) {
		return JSON.convertValue(value, Object.class);
	}

}

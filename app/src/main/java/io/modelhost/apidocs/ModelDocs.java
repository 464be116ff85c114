package io.modelhost.apidocs;

import java.util.Locale;

import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TensorSignature;
import io.modelhost.protocol.ExampleRequests;
import io.modelhost.protocol.ImageInput;
import io.modelhost.protocol.SignatureDocument;
import io.modelhost.registry.Model;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model endpoint's documentation as JSON: where to call it and how, what it takes and
 * gives, a real example request and the answer the model gave to it, and ready-to-paste
 * snippets.
 */
public final class ModelDocs {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private ModelDocs() {
	}

	public static ObjectNode of(Model model, String endpointUrl, String openApiUrl) {
		ModelSignature signature = model.version().signature();
		ObjectNode docs = NODES.objectNode();
		docs.put("model_id", model.id().value());
		docs.put("name", model.name());
		docs.put("description", model.description());
		docs.put("version", model.version().number());
		docs.put("format", model.version().format().id());
		docs.put("endpoint_url", endpointUrl);
		docs.put("method", "POST");
		docs.put("content_type", "application/json");
		ObjectNode auth = docs.putObject("authentication");
		auth.put("api_key_header", "X-API-Key");
		auth.put("bearer_header", "Authorization: Bearer <access token>");
		docs.set("inputs", inputs(signature));
		docs.set("outputs", outputs(signature));
		docs.set("schema", SignatureDocument.toJson(signature));
		docs.set("example_request", model.version().exampleRequest());
		docs.set("example_request_named", ExampleRequests.named(signature, model.version().exampleRequest()));
		docs.set("example_response", model.version().exampleResponse());
		ObjectNode snippets = docs.putObject("snippets");
		String body = model.version().exampleRequest().toString();
		snippets.put("curl", "curl -X POST '" + endpointUrl + "' \\\n  -H \"X-API-Key: $MODELHOST_API_KEY\" \\\n"
				+ "  -H 'Content-Type: application/json' \\\n  -d '" + body.replace("'", "'\\''") + "'");
		snippets.put("python", "import os, requests\n\nresponse = requests.post(\n    \"" + endpointUrl
				+ "\",\n    headers={\"X-API-Key\": os.environ[\"MODELHOST_API_KEY\"]},\n    json="
				+ python(model.version().exampleRequest())
				+ ",\n    timeout=10,\n)\nresponse.raise_for_status()\nprint(response.json()[\"predictions\"])");
		ImageInput imageInput = model.version().imageInput();
		if (imageInput != null) {
			docs.set("image_input", imageInput.toJson());
			docs.set("example_request_images", ExampleRequests.images(imageInput));
			snippets.put("curl_image",
					"curl -X POST '" + endpointUrl + "' \\\n  -H \"X-API-Key: $MODELHOST_API_KEY\" \\\n"
							+ "  -H 'Content-Type: image/png' \\\n  --data-binary @picture.png");
			snippets.put("curl_images", "curl -X POST '" + endpointUrl
					+ "' \\\n  -H \"X-API-Key: $MODELHOST_API_KEY\" \\\n  -F file=@first.png -F file=@second.jpg");
		}
		docs.put("openapi_url", openApiUrl);
		return docs;
	}

	private static ArrayNode inputs(ModelSignature signature) {
		ArrayNode inputs = NODES.arrayNode();
		switch (signature) {
			case TabularSignature tabular -> {
				for (int i = 0; i < tabular.features().size(); i++) {
					TabularSignature.Feature feature = tabular.features().get(i);
					ObjectNode input = inputs.addObject();
					input.put("position", i);
					input.put("name", feature.name());
					input.put("type", jsonType(feature.type()));
					input.put("model_type", feature.type().name().toLowerCase(Locale.ROOT));
					input.put("nullable", ModelOperations.takesNull(feature));
					if (!feature.categories().isEmpty()) {
						input.set("allowed_values",
								SignatureDocument.toJson(signature).get("features").get(i).get("categories"));
					}
					if (!feature.used()) {
						input.put("note", "the model ignores this feature; any value is accepted");
					}
				}
			}
			case TensorSignature tensors -> tensors.inputs().forEach((spec) -> inputs.add(tensor(spec)));
		}
		return inputs;
	}

	private static JsonNode outputs(ModelSignature signature) {
		return switch (signature) {
			case TabularSignature tabular -> {
				ObjectNode target = NODES.objectNode();
				target.put("name", tabular.target().name());
				target.put("task", tabular.target().task().name().toLowerCase(Locale.ROOT));
				target.set("classes", SignatureDocument.toJson(signature).get("target").get("classes"));
				ArrayNode outputs = NODES.arrayNode();
				outputs.add(target);
				yield outputs;
			}
			case TensorSignature tensors -> {
				ArrayNode outputs = NODES.arrayNode();
				tensors.outputs().forEach((spec) -> outputs.add(tensor(spec)));
				yield outputs;
			}
		};
	}

	private static ObjectNode tensor(TensorSignature.TensorSpec spec) {
		ObjectNode tensor = NODES.objectNode();
		tensor.put("name", spec.name());
		tensor.put("datatype", spec.type().name());
		ArrayNode shape = tensor.putArray("shape");
		spec.shape().forEach(shape::add);
		return tensor;
	}

	static String jsonType(TabularSignature.FeatureType type) {
		return switch (type) {
			case DOUBLE, FLOAT -> "number";
			case INTEGER -> "integer";
			case STRING -> "string";
			case BOOLEAN -> "boolean";
		};
	}

	/** JSON as a Python literal. */
	static String python(JsonNode node) {
		if (node.isNull()) {
			return "None";
		}
		if (node.isBoolean()) {
			return node.booleanValue() ? "True" : "False";
		}
		if (node.isArray()) {
			var items = new java.util.ArrayList<String>();
			node.forEach((item) -> items.add(python(item)));
			return "[" + String.join(", ", items) + "]";
		}
		if (node.isObject()) {
			var entries = new java.util.ArrayList<String>();
			node.properties().forEach((e) -> entries.add(NODES.stringNode(e.getKey()) + ": " + python(e.getValue())));
			return "{" + String.join(", ", entries) + "}";
		}
		return node.toString();
	}

}

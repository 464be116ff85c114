package io.modelhost.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.modelhost.engine.DataType;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.engine.TabularSignature.Target;
import io.modelhost.engine.TabularSignature.Task;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model signature as JSON, for storage and for the API:
 * {@code {"kind":"tabular","features":[...],"target":{...}}} or
 * {@code {"kind":"tensor","inputs":[...],"outputs":[...]}}.
 */
public final class SignatureDocument {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private SignatureDocument() {
	}

	public static ObjectNode toJson(ModelSignature signature) {
		ObjectNode node = NODES.objectNode();
		switch (signature) {
			case TabularSignature tabular -> {
				node.put("kind", "tabular");
				ArrayNode features = node.putArray("features");
				for (Feature feature : tabular.features()) {
					ObjectNode f = features.addObject();
					f.put("name", feature.name());
					f.put("type", feature.type().name().toLowerCase(Locale.ROOT));
					if (!feature.categories().isEmpty()) {
						ArrayNode categories = f.putArray("categories");
						feature.categories().forEach((c) -> categories.add(Values.toJson(c)));
					}
					f.put("used", feature.used());
					f.put("nullable", feature.acceptsMissing());
				}
				ObjectNode target = node.putObject("target");
				target.put("name", tabular.target().name());
				target.put("task", tabular.target().task().name().toLowerCase(Locale.ROOT));
				if (!tabular.target().classes().isEmpty()) {
					ArrayNode classes = target.putArray("classes");
					tabular.target().classes().forEach((c) -> classes.add(Values.toJson(c)));
				}
			}
			case TensorSignature tensors -> {
				node.put("kind", "tensor");
				node.set("inputs", specs(tensors.inputs()));
				node.set("outputs", specs(tensors.outputs()));
			}
		}
		return node;
	}

	private static ArrayNode specs(List<TensorSpec> specs) {
		ArrayNode array = NODES.arrayNode();
		for (TensorSpec spec : specs) {
			ObjectNode s = array.addObject();
			s.put("name", spec.name());
			s.put("datatype", spec.type().name());
			ArrayNode shape = s.putArray("shape");
			spec.shape().forEach(shape::add);
		}
		return array;
	}

	public static ModelSignature fromJson(JsonNode node) {
		return switch (node.get("kind").asString()) {
			case "tabular" -> {
				var features = new ArrayList<Feature>();
				for (JsonNode f : node.get("features")) {
					features.add(new Feature(f.get("name").asString(),
							FeatureType.valueOf(f.get("type").asString().toUpperCase(Locale.ROOT)),
							values(f.get("categories")), f.get("used").asBoolean(), nullable(f)));
				}
				JsonNode t = node.get("target");
				yield new TabularSignature(features, new Target(t.get("name").asString(),
						Task.valueOf(t.get("task").asString().toUpperCase(Locale.ROOT)), values(t.get("classes"))));
			}
			case "tensor" -> new TensorSignature(specs(node.get("inputs")), specs(node.get("outputs")));
			default -> throw new IllegalArgumentException("unknown signature kind " + node.get("kind"));
		};
	}

	/**
	 * Whether a stored feature takes null. A signature stored before this was recorded
	 * says nothing: the engine, which knows, then refuses a missing value it cannot take.
	 */
	private static boolean nullable(JsonNode feature) {
		JsonNode nullable = feature.get("nullable");
		return (nullable == null) || nullable.asBoolean();
	}

	private static List<Object> values(JsonNode array) {
		var values = new ArrayList<Object>();
		if (array != null) {
			array.forEach((v) -> values.add(Values.fromJson(v)));
		}
		return values;
	}

	private static List<TensorSpec> specs(JsonNode array) {
		var specs = new ArrayList<TensorSpec>();
		for (JsonNode s : array) {
			var shape = new ArrayList<Long>();
			s.get("shape").forEach((d) -> shape.add(d.asLong()));
			specs.add(new TensorSpec(s.get("name").asString(), DataType.valueOf(s.get("datatype").asString()), shape));
		}
		return specs;
	}

}

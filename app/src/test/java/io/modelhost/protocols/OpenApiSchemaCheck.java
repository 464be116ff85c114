package io.modelhost.protocols;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Checks JSON against a schema of a served OpenAPI 3.0 document: {@code $ref} to
 * components, {@code type}, {@code nullable}, {@code properties}, {@code required},
 * {@code items}, {@code minItems}, {@code enum}, {@code anyOf}, {@code oneOf} and
 * {@code allOf}: enough for the protocols' answers, and strict in what it covers.
 */
final class OpenApiSchemaCheck {

	private final JsonNode document;

	OpenApiSchemaCheck(JsonNode document) {
		this.document = document;
	}

	/**
	 * The schema of an operation's (JSON) answer for a status (or its range, e.g. 4XX).
	 */
	JsonNode response(String path, String method, String status) {
		JsonNode responses = this.document.get("paths").get(path).get(method).get("responses");
		JsonNode response = responses.has(status) ? responses.get(status) : responses.get(status.charAt(0) + "XX");
		if (response == null) {
			throw new AssertionError(method + " " + path + " documents no " + status + " answer: " + responses);
		}
		JsonNode json = response.get("content").get("application/json");
		if (json != null) {
			return json.get("schema");
		}
		Map.Entry<String, JsonNode> content = response.get("content").properties().iterator().next();
		return content.getValue().get("schema");
	}

	/** The schema of an operation's JSON request body. */
	JsonNode request(String path, String method) {
		return this.document.get("paths")
			.get(path)
			.get(method)
			.get("requestBody")
			.get("content")
			.get("application/json")
			.get("schema");
	}

	/** What in the value does not fit the schema, as JSON pointers with the reason. */
	List<String> problems(JsonNode value, JsonNode schema) {
		var problems = new ArrayList<String>();
		check(value, schema, "", problems);
		return problems;
	}

	private JsonNode resolve(JsonNode schema) {
		JsonNode resolved = schema;
		while (resolved.has("$ref")) {
			String ref = resolved.get("$ref").asString();
			if (!ref.startsWith("#/components/schemas/")) {
				throw new AssertionError("unsupported $ref " + ref);
			}
			resolved = this.document.get("components").get("schemas").get(ref.substring(ref.lastIndexOf('/') + 1));
			if (resolved == null) {
				throw new AssertionError("no schema " + ref);
			}
		}
		return resolved;
	}

	private void check(JsonNode value, JsonNode unresolved, String at, List<String> problems) {
		JsonNode schema = resolve(unresolved);
		if (value.isNull()) {
			if (!schema.path("nullable").asBoolean(false)) {
				problems.add(at + ": null is not allowed");
			}
			return;
		}
		if (schema.has("type") && !fits(value, schema.get("type").asString())) {
			problems.add(at + ": " + value.getNodeType() + " is not " + schema.get("type").asString());
			return;
		}
		if (schema.has("enum")) {
			boolean listed = false;
			for (JsonNode allowed : schema.get("enum")) {
				listed |= allowed.equals(value);
			}
			if (!listed) {
				problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
			}
		}
		if (schema.has("allOf")) {
			schema.get("allOf").forEach((part) -> check(value, part, at, problems));
		}
		for (String alternatives : List.of("anyOf", "oneOf")) {
			if (schema.has(alternatives)) {
				int matching = 0;
				for (JsonNode alternative : schema.get(alternatives)) {
					matching += problems(value, alternative).isEmpty() ? 1 : 0;
				}
				if (matching == 0 || ("oneOf".equals(alternatives) && matching > 1)) {
					problems.add(at + ": " + matching + " of " + alternatives + " match");
				}
			}
		}
		if (value.isObject()) {
			for (JsonNode required : schema.path("required")) {
				if (!value.has(required.asString())) {
					problems.add(at + ": missing " + required.asString());
				}
			}
			if (schema.has("properties")) {
				for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
					if (value.has(property.getKey())) {
						check(value.get(property.getKey()), property.getValue(), at + "/" + property.getKey(),
								problems);
					}
				}
			}
		}
		if (value.isArray()) {
			if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
				problems.add(at + ": fewer than " + schema.get("minItems").asInt() + " items");
			}
			if (schema.has("items")) {
				for (int i = 0; i < value.size(); i++) {
					check(value.get(i), schema.get("items"), at + "/" + i, problems);
				}
			}
		}
	}

	private static boolean fits(JsonNode value, String type) {
		return switch (type) {
			case "object" -> value.isObject();
			case "array" -> value.isArray();
			case "string" -> value.isString();
			case "number" -> value.isNumber();
			case "integer" -> value.isIntegralNumber();
			case "boolean" -> value.isBoolean();
			default -> throw new AssertionError("unsupported type " + type);
		};
	}

}

package io.modelhost.cli;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper, and how a JSON value is shown in a table cell. */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/**
	 * A value as a table shows it: text as is, null or missing as "-", the rest as JSON.
	 */
	static String cell(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return "-";
		}
		if (node.isValueNode()) {
			return node.asString();
		}
		return MAPPER.writeValueAsString(node);
	}

	static String pretty(JsonNode node) {
		return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
	}

}

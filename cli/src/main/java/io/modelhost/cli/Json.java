package io.modelhost.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper, and how a JSON value is shown in a table cell. */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/**
	 * A value as a table shows it: text as is, fractions to four decimals, null or
	 * missing as "-", a list of values comma-separated, an object of values as name=value
	 * pairs, the rest as JSON.
	 */
	static String cell(@Nullable JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return "-";
		}
		if (node.isFloatingPointNumber()) {
			BigDecimal value = node.decimalValue();
			return (value.scale() > 4) ? value.setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString()
					: value.toPlainString();
		}
		if (node.isValueNode()) {
			return node.asString();
		}
		boolean flat = node.valueStream().allMatch(JsonNode::isValueNode);
		if (flat && node.isArray()) {
			return node.valueStream().map(Json::cell).collect(Collectors.joining(", "));
		}
		if (flat && node.isObject()) {
			return node.propertyStream()
				.map((e) -> e.getKey() + "=" + cell(e.getValue()))
				.collect(Collectors.joining(", "));
		}
		return MAPPER.writeValueAsString(node);
	}

	static String pretty(JsonNode node) {
		return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
	}

}

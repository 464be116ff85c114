package io.modelhost.dashboard;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * JSON for reading on a page: indented like a pretty printer, but an array of plain
 * values (a row, the innermost dimension of a tensor) on one line, so that an 8×8 picture
 * is 8 lines and not 64.
 */
final class CompactJson {

	private static final String INDENT = "  ";

	private CompactJson() {
	}

	static String of(JsonNode node) {
		var out = new StringBuilder();
		write(node, 0, out);
		return out.toString();
	}

	private static void write(JsonNode node, int depth, StringBuilder out) {
		if (node.isObject()) {
			if (node.isEmpty()) {
				out.append("{}");
				return;
			}
			out.append("{\n");
			boolean first = true;
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				if (!first) {
					out.append(",\n");
				}
				first = false;
				out.append(INDENT.repeat(depth + 1)).append(quoted(property.getKey())).append(": ");
				write(property.getValue(), depth + 1, out);
			}
			out.append('\n').append(INDENT.repeat(depth)).append('}');
		}
		else if (node.isArray()) {
			if (flat(node)) {
				out.append('[');
				for (int i = 0; i < node.size(); i++) {
					out.append((i > 0) ? ", " : "").append(node.get(i).toString());
				}
				out.append(']');
				return;
			}
			out.append("[\n");
			for (int i = 0; i < node.size(); i++) {
				out.append(INDENT.repeat(depth + 1));
				write(node.get(i), depth + 1, out);
				out.append((i < node.size() - 1) ? ",\n" : "\n");
			}
			out.append(INDENT.repeat(depth)).append(']');
		}
		else {
			out.append(node.toString());
		}
	}

	/** Whether an array holds no array or object. */
	private static boolean flat(JsonNode array) {
		for (JsonNode element : array) {
			if (element.isContainer()) {
				return false;
			}
		}
		return true;
	}

	private static String quoted(String text) {
		return tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(text).toString();
	}

}

package io.modelhost.protocols.mlflow;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tables (a pandas DataFrame's rows and columns) as the platform's request bodies: rows
 * as objects keyed by column, with the columns a tabular model does not know left out, as
 * MLflow ignores extra columns.
 */
final class Frames {

	static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** A pointer into a body of records: {@code /instances}, its row, a row's member. */
	private static final Pattern RECORD_POINTER = Pattern.compile("/instances(?:/(\\d+)(?:/([^/]*))?)?.*");

	private Frames() {
	}

	/** {@code {"<key>": value}}. */
	static ObjectNode body(String key, JsonNode value) {
		ObjectNode body = NODES.objectNode();
		body.set(key, value);
		return body;
	}

	static Set<String> featureNames(TabularSignature signature) {
		var names = new HashSet<String>();
		signature.features().stream().map(Feature::name).forEach(names::add);
		return names;
	}

	/** One object per row keyed by column, with only the kept columns. */
	static ArrayNode records(List<String> columns, List<List<JsonNode>> rows, Set<String> keep) {
		ArrayNode records = NODES.arrayNode();
		for (List<JsonNode> row : rows) {
			ObjectNode record = records.addObject();
			for (int j = 0; j < columns.size(); j++) {
				if (keep.contains(columns.get(j))) {
					record.set(columns.get(j), row.get(j));
				}
			}
		}
		return records;
	}

	/** The rows with only the kept members of those that are objects. */
	static ArrayNode keep(JsonNode rows, Set<String> keep) {
		ArrayNode kept = NODES.arrayNode();
		for (JsonNode row : rows) {
			if (row.isObject()) {
				ObjectNode record = kept.addObject();
				for (String name : row.propertyNames()) {
					if (keep.contains(name)) {
						record.set(name, row.get(name));
					}
				}
			}
			else {
				kept.add(row);
			}
		}
		return kept;
	}

	/** Pointers under one member of the body moved under another prefix. */
	static UnaryOperator<String> moved(String from, String to) {
		return (pointer) -> pointer.startsWith(from) ? to + pointer.substring(from.length()) : pointer;
	}

	/**
	 * Pointers into a body of records ({@code instances}) mapped to where each row and
	 * column came from.
	 */
	static UnaryOperator<String> fromRecords(String whole, Source source) {
		return (pointer) -> {
			Matcher matcher = RECORD_POINTER.matcher(pointer);
			if (!matcher.matches() || matcher.group(1) == null) {
				return whole;
			}
			String column = (matcher.group(2) != null) ? unescape(matcher.group(2)) : null;
			return source.at(Integer.parseInt(matcher.group(1)), column);
		};
	}

	/** Where a row, or a column of a row, came from. */
	@FunctionalInterface
	interface Source {

		String at(int row, @Nullable String column);

	}

	/** A JSON Pointer reference token's text (RFC 6901). */
	static String unescape(String token) {
		return token.replace("~1", "/").replace("~0", "~");
	}

	/** A member name as a JSON Pointer reference token (RFC 6901). */
	static String escape(String name) {
		return name.replace("~", "~0").replace("/", "~1");
	}

}

package io.modelhost.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Decodes rows for a tabular model: {@code inputs} as positional rows, or
 * {@code instances} as objects keyed by feature name (or positional rows too). Collects
 * every problem.
 */
final class RowDecoder {

	private final TabularSignature signature;

	private final Map<String, Integer> positions = new HashMap<>();

	private final ProblemList problems;

	RowDecoder(TabularSignature signature, ProblemList problems) {
		this.signature = signature;
		this.problems = problems;
		for (int i = 0; i < signature.features().size(); i++) {
			this.positions.put(signature.features().get(i).name(), i);
		}
	}

	ModelInput.@Nullable Rows decode(JsonNode rows, String pointer) {
		var decoded = new ArrayList<@Nullable Object[]>(rows.size());
		for (int i = 0; i < rows.size() && !this.problems.full(); i++) {
			JsonNode row = rows.get(i);
			String at = pointer + "/" + i;
			if (row.isArray()) {
				decoded.add(positional(row, at));
			}
			else if (row.isObject()) {
				decoded.add(named(row, at));
			}
			else {
				this.problems.add(at, "a row must be an array of " + this.signature.features().size()
						+ " values in feature order, or an object keyed by feature name");
			}
		}
		return this.problems.isEmpty() ? new ModelInput.Rows(decoded) : null;
	}

	private @Nullable Object[] positional(JsonNode row, String at) {
		List<Feature> features = this.signature.features();
		Object[] values = new Object[features.size()];
		if (row.size() != features.size()) {
			this.problems.add(at, "expected " + features.size() + " values (" + names() + ") but got " + row.size());
			return values;
		}
		for (int j = 0; j < features.size(); j++) {
			values[j] = value(features.get(j), row.get(j), at + "/" + j);
		}
		return values;
	}

	private @Nullable Object[] named(JsonNode row, String at) {
		List<Feature> features = this.signature.features();
		Object[] values = new Object[features.size()];
		for (String name : row.propertyNames()) {
			if (!this.positions.containsKey(name)) {
				this.problems.add(at + "/" + ProblemList.escape(name),
						"unknown feature '" + name + "'; the model takes " + names());
			}
		}
		for (int j = 0; j < features.size(); j++) {
			Feature feature = features.get(j);
			JsonNode value = row.get(feature.name());
			if (value == null) {
				if (feature.used()) {
					this.problems.add(at, "missing feature '" + feature.name() + "'"
							+ (feature.acceptsMissing() ? " (send null for a missing value)" : ""));
				}
				continue;
			}
			values[j] = value(feature, value, at + "/" + ProblemList.escape(feature.name()));
		}
		return values;
	}

	private @Nullable Object value(Feature feature, JsonNode node, String at) {
		if (!feature.used()) {
			return null; // the model ignores it; accept any value
		}
		if (node.isNull()) {
			if (!feature.acceptsMissing()) {
				// the model would answer null, or follow an arbitrary branch of a tree,
				// where the library it was trained with refuses a missing value
				this.problems.add(at,
						"feature '" + feature.name()
								+ "' has no value, and this model cannot take a missing value for it; send "
								+ expected(feature));
			}
			return null;
		}
		switch (feature.type()) {
			case DOUBLE, FLOAT, INTEGER -> {
				// doubleValue(NaN): a number too large for a double is refused, not
				// thrown
				double value = node.isNumber() ? node.doubleValue(Double.NaN) : Double.NaN;
				if (Double.isFinite(value)) {
					return value;
				}
				if (node.isNumber() || (node.isString() && isNonFinite(node.asString()))) {
					this.problems.add(at, "'" + node.asString() + "' is not allowed for feature '" + feature.name()
							+ "'; send null for a missing value");
					return null;
				}
				this.problems.add(at, "expected a number for feature '" + feature.name() + "' but got " + kind(node));
				return null;
			}
			case STRING -> {
				if (node.isString()) {
					return node.asString();
				}
				if (node.isNumber()) {
					return node.asString();
				}
				this.problems.add(at, "expected a string for feature '" + feature.name() + "' but got " + kind(node));
				return null;
			}
			case BOOLEAN -> {
				if (node.isBoolean()) {
					return node.booleanValue();
				}
				this.problems.add(at,
						"expected true or false for feature '" + feature.name() + "' but got " + kind(node));
				return null;
			}
		}
		throw new IllegalStateException("unreachable");
	}

	private static String expected(Feature feature) {
		return switch (feature.type()) {
			case DOUBLE, FLOAT, INTEGER -> "a number";
			case STRING -> feature.categories().isEmpty() ? "a string" : "one of its categories";
			case BOOLEAN -> "true or false";
		};
	}

	private String names() {
		var names = new ArrayList<String>();
		for (Feature feature : this.signature.features()) {
			names.add(feature.name());
		}
		String joined = String.join(", ", names);
		return (joined.length() <= 200) ? joined : joined.substring(0, 199) + "…";
	}

	static boolean isNonFinite(String text) {
		return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
			case "nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity" -> true;
			default -> false;
		};
	}

	static String kind(JsonNode node) {
		if (node.isString()) {
			return "a string";
		}
		if (node.isNumber()) {
			return "a number";
		}
		if (node.isBoolean()) {
			return "a boolean";
		}
		if (node.isArray()) {
			return "an array";
		}
		if (node.isObject()) {
			return "an object";
		}
		return "null";
	}

}

package io.modelhost.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.TabularSignature.FeatureType;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A name (and optionally a type) an uploader gives one feature of a tabular model, as
 * MLflow's signature does: the names replace the generic {@code x1..xN} a model fitted on
 * a bare array gets.
 *
 * @param name the feature's name, 1 to {@value #MAX_NAME} characters, not blank
 * @param type the type the uploader expects the model to take, or null when not declared
 */
public record FeatureDeclaration(String name, @Nullable FeatureType type) {

	/** The longest name accepted. */
	public static final int MAX_NAME = 100;

	/** The most features one declaration may name. */
	public static final int MAX_FEATURES = 10_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Stands for a name already reported missing, so that it is not reported again. */
	private static final String UNNAMED = "\u0000";

	/**
	 * Reads the {@code features} field of an upload: a JSON array of names or of objects
	 * {@code {"name", "type"}}, or (for a form) names separated by commas.
	 * @return the declarations in order; empty when the field is absent or blank
	 * @throws InvalidDeclarationException with a pointer under {@code /features} for
	 * every malformed entry
	 */
	public static List<FeatureDeclaration> parseList(@Nullable String field) {
		if (field == null || field.isBlank()) {
			return List.of();
		}
		String text = field.strip();
		if (!text.startsWith("[")) {
			List<String> names = Arrays.stream(text.split(",", -1)).map(String::strip).toList();
			var problems = new ArrayList<InputProblem>();
			var declarations = new ArrayList<FeatureDeclaration>();
			checkCount(names.size(), problems);
			for (int i = 0; i < names.size() && problems.isEmpty(); i++) {
				declarations.add(new FeatureDeclaration(names.get(i), null));
			}
			return finish(declarations, problems);
		}
		JsonNode array;
		try {
			array = JSON.readTree(text);
		}
		catch (JacksonException ex) {
			throw new InvalidDeclarationException("/features",
					"'features' is not valid JSON; send an array of names, e.g. [\"sepal length\", \"sepal width\"]");
		}
		if (!array.isArray() || array.isEmpty()) {
			throw new InvalidDeclarationException("/features",
					"'features' must be a non-empty array of names or of objects {\"name\", \"type\"}");
		}
		var problems = new ArrayList<InputProblem>();
		checkCount(array.size(), problems);
		var declarations = new ArrayList<FeatureDeclaration>();
		for (int i = 0; i < array.size() && problems.isEmpty(); i++) {
			JsonNode entry = array.get(i);
			String at = "/features/" + i;
			if (entry.isString()) {
				declarations.add(new FeatureDeclaration(entry.asString(), null));
			}
			else if (entry.isObject()) {
				JsonNode name = entry.get("name");
				FeatureType type = null;
				for (String member : entry.propertyNames()) {
					if (!member.equals("name") && !member.equals("type")) {
						problems.add(new InputProblem(at + "/" + member.replace("~", "~0").replace("/", "~1"),
								"unknown member '" + member + "'; a feature has a 'name' and optionally a 'type'"));
					}
				}
				if (name == null || !name.isString()) {
					problems.add(new InputProblem(at + "/name", "each feature needs a 'name' string"));
				}
				JsonNode typeNode = entry.get("type");
				if (typeNode != null && !typeNode.isNull()) {
					type = type(typeNode, at + "/type", problems);
				}
				declarations
					.add(new FeatureDeclaration((name != null && name.isString()) ? name.asString() : UNNAMED, type));
			}
			else {
				problems.add(new InputProblem(at, "expected a name or an object {\"name\", \"type\"}"));
			}
		}
		return finish(declarations, problems);
	}

	private static void checkCount(int count, List<InputProblem> problems) {
		if (count > MAX_FEATURES) {
			problems.add(new InputProblem("/features",
					"'features' names " + count + " features; at most " + MAX_FEATURES + " are accepted"));
		}
	}

	private static @Nullable FeatureType type(JsonNode node, String at, List<InputProblem> problems) {
		String known = String.join(", ",
				Arrays.stream(FeatureType.values()).map((t) -> t.name().toLowerCase(Locale.ROOT)).toList());
		if (!node.isString()) {
			problems.add(new InputProblem(at, "'type' must be one of " + known));
			return null;
		}
		try {
			return FeatureType.valueOf(node.asString().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			problems.add(new InputProblem(at, "unknown type '" + node.asString() + "'; one of " + known));
			return null;
		}
	}

	/** Blank, too long and duplicate names, each at its own pointer. */
	private static List<FeatureDeclaration> finish(List<FeatureDeclaration> declarations, List<InputProblem> problems) {
		var seen = new java.util.HashMap<String, Integer>();
		for (int i = 0; i < declarations.size(); i++) {
			String name = declarations.get(i).name();
			String at = "/features/" + i;
			if (name.equals(UNNAMED)) {
				continue;
			}
			if (name.isBlank()) {
				problems.add(new InputProblem(at, "feature " + (i + 1) + " has a blank name"));
			}
			else if (name.length() > MAX_NAME) {
				problems.add(new InputProblem(at,
						"feature " + (i + 1) + " has a name longer than " + MAX_NAME + " characters"));
			}
			else {
				Integer first = seen.putIfAbsent(name, i);
				if (first != null) {
					problems.add(new InputProblem(at,
							"duplicate feature name '" + name + "' (also at /features/" + first + ")"));
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidDeclarationException(problems.subList(0, Math.min(problems.size(), 50)));
		}
		return List.copyOf(declarations);
	}

}

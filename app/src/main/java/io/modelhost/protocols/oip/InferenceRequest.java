package io.modelhost.protocols.oip;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import io.modelhost.engine.InvalidInputException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An inference request body ({@code $inference_request}): read leniently (unknown members
 * and parameters are ignored) but checked for everything the protocol requires.
 *
 * @param id the request's id, echoed in the response
 * @param inputs the input tensors
 * @param outputs the names of the outputs to return, or null for all
 */
record InferenceRequest(@Nullable String id, List<RequestInput> inputs, @Nullable List<String> outputs) {

	/** Elements one tensor may hold: the largest Java array. */
	private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

	/**
	 * Reads a body.
	 * @throws InvalidInputException listing every problem
	 */
	static InferenceRequest parse(JsonNode body) {
		var problems = new InputProblems();
		if (!body.isObject()) {
			problems.add("", "the body must be a JSON object with \"inputs\"");
			problems.throwIfAny();
		}
		String id = null;
		JsonNode idNode = body.get("id");
		if (idNode != null && !idNode.isNull()) {
			if (idNode.isString()) {
				id = idNode.asString();
			}
			else {
				problems.add("/id", "\"id\" must be a string");
			}
		}
		checkParameters(body, "", problems);
		List<RequestInput> inputs = inputs(body.get("inputs"), problems);
		List<String> outputs = outputs(body.get("outputs"), problems);
		problems.throwIfAny();
		return new InferenceRequest(id, inputs, outputs);
	}

	private static List<RequestInput> inputs(@Nullable JsonNode array, InputProblems problems) {
		var inputs = new ArrayList<RequestInput>();
		if (array == null || !array.isArray() || array.isEmpty()) {
			problems.add("/inputs", "\"inputs\" must be a non-empty array of input tensors");
			return inputs;
		}
		for (int i = 0; i < array.size(); i++) {
			RequestInput input = input(i, array.get(i), problems);
			if (input != null) {
				inputs.add(input);
			}
		}
		return inputs;
	}

	private static @Nullable RequestInput input(int index, JsonNode node, InputProblems problems) {
		String at = "/inputs/" + index;
		if (!node.isObject()) {
			problems.add(at, "an input must be an object with name, shape, datatype and data");
			return null;
		}
		JsonNode name = node.get("name");
		JsonNode datatype = node.get("datatype");
		JsonNode data = node.get("data");
		boolean ok = true;
		if (name == null || !name.isString() || name.asString().isEmpty()) {
			problems.add(at + "/name", "\"name\" must be a non-empty string");
			ok = false;
		}
		if (datatype == null || !datatype.isString()) {
			problems.add(at + "/datatype", "\"datatype\" must be a string such as \"FP32\"");
			ok = false;
		}
		if (data == null || !data.isArray()) {
			problems.add(at + "/data",
					"\"data\" must be an array of the tensor's elements (binary data is not " + "supported)");
			ok = false;
		}
		List<Long> shape = shape(node.get("shape"), at + "/shape", problems);
		ok &= checkParameters(node, at, problems);
		JsonNode parameters = node.get("parameters");
		if (parameters != null && parameters.has("binary_data_size")) {
			problems.add(at + "/parameters/binary_data_size",
					"binary tensor data is not supported; send the elements in \"data\"");
			ok = false;
		}
		if (!ok || shape == null || name == null || datatype == null || data == null) {
			return null;
		}
		return new RequestInput(index, name.asString(), shape, datatype.asString(), data);
	}

	private static @Nullable List<Long> shape(@Nullable JsonNode node, String at, InputProblems problems) {
		if (node == null || !node.isArray()) {
			problems.add(at, "\"shape\" must be an array of dimensions");
			return null;
		}
		var shape = new ArrayList<Long>();
		long count = 1;
		for (int d = 0; d < node.size(); d++) {
			JsonNode dimension = node.get(d);
			if (!dimension.isIntegralNumber() || !dimension.canConvertToLong() || dimension.longValue() < 0) {
				problems.add(at + "/" + d,
						"a dimension must be a whole number >= 0 but got " + TensorData.kind(dimension));
				return null;
			}
			shape.add(dimension.longValue());
			count = (count == 0 || dimension.longValue() <= MAX_ELEMENTS / count) ? count * dimension.longValue()
					: MAX_ELEMENTS + 1;
		}
		if (count > MAX_ELEMENTS) {
			problems.add(at, "shape " + shape + " holds too many elements");
			return null;
		}
		return shape;
	}

	private static @Nullable List<String> outputs(@Nullable JsonNode array, InputProblems problems) {
		if (array == null || array.isNull()) {
			return null;
		}
		if (!array.isArray()) {
			problems.add("/outputs", "\"outputs\" must be an array of objects with a name");
			return null;
		}
		var names = new LinkedHashSet<String>();
		for (int i = 0; i < array.size(); i++) {
			JsonNode name = array.get(i).isObject() ? array.get(i).get("name") : null;
			if (name == null || !name.isString()) {
				problems.add("/outputs/" + i, "a requested output must be an object with a \"name\"");
			}
			else {
				checkParameters(array.get(i), "/outputs/" + i, problems);
				names.add(name.asString());
			}
		}
		return List.copyOf(names);
	}

	/** Parameters are optional and ignored, but must be an object when present. */
	private static boolean checkParameters(JsonNode node, String at, InputProblems problems) {
		JsonNode parameters = node.get("parameters");
		if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
			problems.add(at + "/parameters", "\"parameters\" must be an object");
			return false;
		}
		return true;
	}

}

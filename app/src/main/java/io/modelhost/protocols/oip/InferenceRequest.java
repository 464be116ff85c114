package io.modelhost.protocols.oip;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.DataType;
import io.modelhost.engine.InvalidInputException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An inference request body ({@code $inference_request}): read leniently (unknown members
 * and parameters are ignored) but checked for everything the protocol requires. Inputs
 * sent as binary data (Triton's binary tensor data extension: {@code binary_data_size} in
 * an input's parameters) are read into the same {@code data} a JSON input holds.
 *
 * @param id the request's id, echoed in the response
 * @param inputs the input tensors
 * @param outputs the names of the outputs to return, or null for all
 * @param binaryOutputs whether outputs are answered as binary data unless they say
 * otherwise ({@code binary_data_output})
 * @param binaryByOutput what requested outputs say ({@code binary_data}), by name
 */
record InferenceRequest(@Nullable String id, List<RequestInput> inputs, @Nullable List<String> outputs,
		boolean binaryOutputs, Map<String, Boolean> binaryByOutput) {

	InferenceRequest {
		binaryByOutput = Map.copyOf(binaryByOutput);
	}

	/** Elements one tensor may hold: the largest Java array. */
	private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

	/**
	 * Reads a body that is all JSON.
	 * @throws InvalidInputException listing every problem
	 */
	static InferenceRequest parse(JsonNode body) {
		return parse(body, BinaryData.none());
	}

	/**
	 * Reads a JSON header and the binary data after it.
	 * @throws InvalidInputException listing every problem
	 */
	static InferenceRequest parse(JsonNode body, BinaryData binary) {
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
		boolean binaryOutputs = checkParameters(body, "", problems) && flag(body, "", "binary_data_output", problems);
		List<RequestInput> inputs = inputs(body.get("inputs"), binary, problems);
		var binaryByOutput = new HashMap<String, Boolean>();
		List<String> outputs = outputs(body.get("outputs"), binaryByOutput, problems);
		problems.throwIfAny();
		return new InferenceRequest(id, inputs, outputs, binaryOutputs, binaryByOutput);
	}

	/** Whether an output is to be answered as binary data. */
	boolean binary(String output) {
		return this.binaryByOutput.getOrDefault(output, this.binaryOutputs);
	}

	private static List<RequestInput> inputs(@Nullable JsonNode array, BinaryData binary, InputProblems problems) {
		var inputs = new ArrayList<RequestInput>();
		if (array == null || !array.isArray() || array.isEmpty()) {
			problems.add("/inputs", "\"inputs\" must be a non-empty array of input tensors");
			return inputs;
		}
		for (int i = 0; i < array.size(); i++) {
			RequestInput input = input(i, array.get(i), binary, problems);
			if (input != null) {
				inputs.add(input);
			}
		}
		if (binary.remaining() > 0 && problems.isEmpty()) {
			problems.add("/inputs", "the body has " + binary.size() + " bytes after the inference header but the "
					+ "inputs' binary_data_size add up to " + binary.taken());
		}
		return inputs;
	}

	private static @Nullable RequestInput input(int index, JsonNode node, BinaryData binary, InputProblems problems) {
		String at = "/inputs/" + index;
		if (!node.isObject()) {
			problems.add(at, "an input must be an object with name, shape, datatype and data");
			return null;
		}
		JsonNode name = node.get("name");
		JsonNode datatype = node.get("datatype");
		JsonNode data = node.get("data");
		JsonNode parameters = node.get("parameters");
		JsonNode binarySize = (parameters != null && parameters.isObject()) ? parameters.get("binary_data_size") : null;
		// binary bytes are taken first, even from an input refused below, so that the
		// inputs after it find theirs
		ByteBuffer bytes = (binarySize != null) ? binaryData(binarySize, at, binary, problems) : null;
		boolean ok = bytes != null || binarySize == null;
		if (name == null || !name.isString() || name.asString().isEmpty()) {
			problems.add(at + "/name", "\"name\" must be a non-empty string");
			ok = false;
		}
		if (datatype == null || !datatype.isString()) {
			problems.add(at + "/datatype", "\"datatype\" must be a string such as \"FP32\"");
			ok = false;
		}
		if (binarySize != null && data != null) {
			problems.add(at + "/data", "an input carries its elements in \"data\" or as binary data "
					+ "(\"binary_data_size\" in its parameters), not both");
			ok = false;
		}
		else if (binarySize == null && (data == null || !data.isArray())) {
			problems.add(at + "/data", "\"data\" must be an array of the tensor's elements, or the input must "
					+ "give \"binary_data_size\" in its parameters and its bytes follow the inference header");
			ok = false;
		}
		List<Long> shape = shape(node.get("shape"), at + "/shape", problems);
		ok &= checkParameters(node, at, problems);
		if (!ok || shape == null || name == null || datatype == null) {
			return null;
		}
		if (bytes != null) {
			DataType type = TensorData.datatype(datatype.asString());
			if (type == null) {
				problems.add(at + "/datatype", TensorData.unusable(datatype.asString()));
				return null;
			}
			data = BinaryTensorData.read(type, shape, bytes, at, problems);
		}
		return (data != null) ? new RequestInput(index, name.asString(), shape, datatype.asString(), data) : null;
	}

	/**
	 * The input's binary data: {@code binary_data_size} bytes, the next in the body.
	 */
	private static @Nullable ByteBuffer binaryData(JsonNode size, String at, BinaryData binary,
			InputProblems problems) {
		String pointer = at + "/parameters/binary_data_size";
		if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
			problems.add(pointer,
					"\"binary_data_size\" must be a whole number of bytes >= 0 but got " + TensorData.kind(size));
			return null;
		}
		ByteBuffer bytes = binary.take(size.longValue());
		if (bytes == null) {
			problems.add(pointer,
					(binary.size() == 0)
							? "the body has no binary data after the inference header; binary inputs need the HTTP "
									+ "header " + InferenceBody.HEADER_LENGTH + " giving the JSON header's length"
							: "binary_data_size is " + size.longValue() + " but only " + binary.remaining()
									+ " bytes of binary data are left for this input");
		}
		return bytes;
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

	private static @Nullable List<String> outputs(@Nullable JsonNode array, Map<String, Boolean> binaryByOutput,
			InputProblems problems) {
		if (array == null || array.isNull()) {
			return null;
		}
		if (!array.isArray()) {
			problems.add("/outputs", "\"outputs\" must be an array of objects with a name");
			return null;
		}
		var names = new LinkedHashSet<String>();
		for (int i = 0; i < array.size(); i++) {
			JsonNode output = array.get(i);
			JsonNode name = output.isObject() ? output.get("name") : null;
			String at = "/outputs/" + i;
			if (name == null || !name.isString()) {
				problems.add(at, "a requested output must be an object with a \"name\"");
			}
			else if (checkParameters(output, at, problems)) {
				names.add(name.asString());
				JsonNode binary = output.path("parameters").get("binary_data");
				if (binary != null && !binary.isNull()) {
					binaryByOutput.put(name.asString(), flag(output, at, "binary_data", problems));
				}
			}
		}
		return List.copyOf(names);
	}

	/**
	 * Parameters are optional and ignored, except those of the binary tensor data
	 * extension, but must be an object when present.
	 */
	private static boolean checkParameters(JsonNode node, String at, InputProblems problems) {
		JsonNode parameters = node.get("parameters");
		if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
			problems.add(at + "/parameters", "\"parameters\" must be an object");
			return false;
		}
		return true;
	}

	/** A boolean parameter, false when not given. */
	private static boolean flag(JsonNode node, String at, String parameter, InputProblems problems) {
		JsonNode value = node.path("parameters").get(parameter);
		if (value == null || value.isNull()) {
			return false;
		}
		if (!value.isBoolean()) {
			problems.add(at + "/parameters/" + parameter,
					"\"" + parameter + "\" must be true or false but got " + TensorData.kind(value));
			return false;
		}
		return value.booleanValue();
	}

}

package io.modelhost.protocols.oip;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.modelhost.engine.DataType;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Request tensors for a tensor model: each must be one of the model's inputs, with its
 * datatype exactly (no coercion) and a shape that fits the input's (any size where the
 * model says -1), and data with as many elements as the shape holds.
 */
final class TensorInputs {

	private final TensorSignature signature;

	private final int maxRows;

	TensorInputs(TensorSignature signature, int maxRows) {
		this.signature = signature;
		this.maxRows = maxRows;
	}

	/**
	 * The model's input tensors.
	 * @throws InvalidInputException listing every problem
	 */
	ModelInput.Tensors decode(List<RequestInput> inputs) {
		var problems = new InputProblems();
		Map<String, TensorSpec> specs = new HashMap<>();
		this.signature.inputs().forEach((spec) -> specs.put(spec.name(), spec));
		var tensors = new LinkedHashMap<String, Tensor>();
		Long batch = null;
		for (RequestInput input : inputs) {
			TensorSpec spec = specs.get(input.name());
			if (spec == null) {
				problems.add(input.pointer("name"), "unknown input '" + input.name() + "'; the model takes " + names());
				continue;
			}
			if (tensors.containsKey(input.name())) {
				problems.add(input.pointer("name"), "input '" + input.name() + "' is given twice");
				continue;
			}
			Tensor tensor = tensor(spec, input, problems);
			if (tensor == null) {
				continue;
			}
			tensors.put(spec.name(), tensor);
			if (spec.isBatched()) {
				long size = input.shape().getFirst();
				if (batch != null && size != batch) {
					problems.add(input.pointer("shape") + "/0",
							"input '" + input.name() + "' has a batch of " + size + " but another input has " + batch);
				}
				batch = size;
				if (size < 1 || size > this.maxRows) {
					problems.add(input.pointer("shape") + "/0",
							"the batch must hold 1.." + this.maxRows + " examples but holds " + size);
				}
			}
		}
		for (TensorSpec spec : this.signature.inputs()) {
			if (inputs.stream().noneMatch((input) -> input.name().equals(spec.name()))) {
				problems.add("/inputs",
						"missing input '" + spec.name() + "' (" + spec.type() + " " + spec.shape() + ")");
			}
		}
		problems.throwIfAny();
		return new ModelInput.Tensors(tensors);
	}

	private static @Nullable Tensor tensor(TensorSpec spec, RequestInput input, InputProblems problems) {
		DataType type = TensorData.datatype(input.datatype());
		if (type == null) {
			problems.add(input.pointer("datatype"),
					TensorData.unusable(input.datatype()) + "; input '" + spec.name() + "' takes " + spec.type());
			return null;
		}
		if (type != spec.type()) {
			problems.add(input.pointer("datatype"),
					"input '" + spec.name() + "' takes " + spec.type() + " but the request says " + type);
			return null;
		}
		if (!fits(spec.shape(), input.shape())) {
			problems.add(input.pointer("shape"), "input '" + spec.name() + "' has shape " + spec.shape()
					+ " (-1: any size) but the request says " + input.shape());
			return null;
		}
		List<JsonNode> elements = TensorData.elements(input.data());
		if (elements.size() != input.elementCount()) {
			problems.add(input.pointer("data"), "shape " + input.shape() + " holds " + input.elementCount()
					+ " elements but the data has " + elements.size());
			return null;
		}
		boolean ok = true;
		for (int i = 0; i < elements.size() && !problems.full(); i++) {
			String problem = TensorData.check(type, elements.get(i), false);
			if (problem != null) {
				problems.add(input.elementPointer(i), problem);
				ok = false;
			}
		}
		return ok ? new Tensor(type, input.shape(), TensorData.array(type, elements)) : null;
	}

	private static boolean fits(List<Long> expected, List<Long> actual) {
		if (expected.size() != actual.size()) {
			return false;
		}
		for (int d = 0; d < expected.size(); d++) {
			if (expected.get(d) >= 0 && !expected.get(d).equals(actual.get(d))) {
				return false;
			}
		}
		return true;
	}

	private String names() {
		return this.signature.inputs().stream().map(TensorSpec::name).collect(Collectors.joining(", "));
	}

}

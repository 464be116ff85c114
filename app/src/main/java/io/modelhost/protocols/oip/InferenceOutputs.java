package io.modelhost.protocols.oip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.DataType;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import org.jspecify.annotations.Nullable;

/**
 * A prediction as the response's output tensors, flat and row-major, limited to the
 * outputs the request asked for (all when it asked for none), in the order it asked.
 */
final class InferenceOutputs {

	private InferenceOutputs() {
	}

	/** The outputs a model gives. */
	static List<TensorSpec> of(ModelSignature signature) {
		return switch (signature) {
			case TabularSignature tabular -> TabularTensors.outputs(tabular);
			case TensorSignature tensors -> tensors.outputs();
		};
	}

	/**
	 * Checks that the model gives every requested output, before predicting.
	 * @throws InvalidInputException for each output it does not give
	 */
	static void check(ModelSignature signature, @Nullable List<String> requested) {
		if (requested == null) {
			return;
		}
		List<String> names = of(signature).stream().map(TensorSpec::name).toList();
		var problems = new ArrayList<InputProblem>();
		for (int i = 0; i < requested.size(); i++) {
			if (!names.contains(requested.get(i))) {
				problems.add(new InputProblem("/outputs/" + i,
						"unknown output '" + requested.get(i) + "'; the model gives " + String.join(", ", names)));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
	}

	static List<ResponseOutput> encode(Prediction prediction, ModelSignature signature,
			@Nullable List<String> requested) {
		List<ResponseOutput> all = switch (prediction) {
			case Prediction.Values values -> values(values, (TabularSignature) signature);
			case Prediction.Tensors tensors -> tensors(tensors.outputs());
		};
		if (requested == null) {
			return all;
		}
		var selected = new ArrayList<ResponseOutput>();
		for (String name : requested) {
			all.stream().filter((output) -> output.name().equals(name)).findFirst().ifPresent(selected::add);
		}
		return selected;
	}

	private static List<ResponseOutput> tensors(Map<String, Tensor> outputs) {
		var encoded = new ArrayList<ResponseOutput>();
		outputs.forEach((name, tensor) -> encoded
			.add(new ResponseOutput(name, tensor.shape(), tensor.type().name(), TensorData.json(tensor))));
		return encoded;
	}

	private static List<ResponseOutput> values(Prediction.Values values, TabularSignature signature) {
		DataType type = TabularTensors.labelType(signature);
		var labels = new ArrayList<@Nullable Object>(values.values().size());
		for (Object value : values.values()) {
			labels.add(label(type, value));
		}
		long rows = labels.size();
		var encoded = new ArrayList<ResponseOutput>();
		encoded.add(new ResponseOutput(TabularTensors.PREDICT, List.of(rows), type.name(), labels));
		List<double[]> probabilities = values.probabilities();
		if (probabilities != null && TabularTensors.hasProbabilities(signature)) {
			int classes = signature.target().classes().size();
			double[] flat = new double[labels.size() * classes];
			for (int i = 0; i < probabilities.size(); i++) {
				System.arraycopy(probabilities.get(i), 0, flat, i * classes,
						Math.min(classes, probabilities.get(i).length));
			}
			encoded.add(new ResponseOutput(TabularTensors.PREDICT_PROBA, List.of(rows, (long) classes),
					DataType.FP64.name(), flat));
		}
		return encoded;
	}

	/** A label as an element of the output's datatype; null for a row without one. */
	private static @Nullable Object label(DataType type, @Nullable Object value) {
		if (value == null) {
			return null;
		}
		return switch (type) {
			case INT64 -> (value instanceof Number number) ? number.longValue() : value;
			case FP64 -> (value instanceof Number number) ? number.doubleValue() : value;
			case BYTES -> value.toString();
			default -> value;
		};
	}

}

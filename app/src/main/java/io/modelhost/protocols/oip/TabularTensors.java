package io.modelhost.protocols.oip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.modelhost.engine.DataType;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.engine.TabularSignature.Task;
import io.modelhost.engine.TensorSignature.TensorSpec;

/**
 * How a tabular model looks as tensors, the way MLServer's scikit-learn runtime presents
 * a pandas DataFrame: each feature is an input tensor of shape {@code [-1]} named after
 * it, with the datatype of the feature's type; the labels are the output {@code predict},
 * and a classifier's class probabilities the output {@code predict_proba} of shape
 * {@code [-1, classes]}. A request may instead send the rows as one tensor named
 * {@code input} of shape {@code [rows, features]}, in the model's feature order.
 */
final class TabularTensors {

	/** The name of the one tensor that holds whole rows. */
	static final String ROWS_INPUT = "input";

	static final String PREDICT = "predict";

	static final String PREDICT_PROBA = "predict_proba";

	private TabularTensors() {
	}

	/** The datatype a feature's tensor has in the model's metadata. */
	static DataType datatype(FeatureType type) {
		return switch (type) {
			case DOUBLE -> DataType.FP64;
			case FLOAT -> DataType.FP32;
			case INTEGER -> DataType.INT64;
			case STRING -> DataType.BYTES;
			case BOOLEAN -> DataType.BOOL;
		};
	}

	/**
	 * Whether a feature takes a tensor of a datatype: numeric features take any numeric
	 * datatype (the model reads them as doubles), others only their own.
	 */
	static boolean accepts(FeatureType type, DataType datatype) {
		return type.isNumeric() ? datatype.isNumeric() : datatype == datatype(type);
	}

	/** Describes a feature for a message, e.g. {@code float feature, FP32}. */
	static String describe(Feature feature) {
		return feature.type().name().toLowerCase(Locale.ROOT) + " feature, " + datatype(feature.type());
	}

	/** Whether a request sends whole rows in one tensor rather than one per feature. */
	static boolean sendsRows(TabularSignature signature, List<RequestInput> inputs) {
		return inputs.size() == 1 && inputs.getFirst().name().equals(ROWS_INPUT)
				&& signature.features().stream().noneMatch((feature) -> feature.name().equals(ROWS_INPUT));
	}

	/** The datatype of the labels: from the target's classes, FP64 for regression. */
	static DataType labelType(TabularSignature signature) {
		if (signature.target().task() == Task.REGRESSION) {
			return DataType.FP64;
		}
		List<Object> classes = signature.target().classes();
		if (classes.isEmpty()) {
			return DataType.BYTES;
		}
		if (classes.stream().allMatch((c) -> c instanceof Integer || c instanceof Long)) {
			return DataType.INT64;
		}
		if (classes.stream().allMatch((c) -> c instanceof Number)) {
			return DataType.FP64;
		}
		if (classes.stream().allMatch((c) -> c instanceof Boolean)) {
			return DataType.BOOL;
		}
		return DataType.BYTES;
	}

	/** Whether the model has the output {@code predict_proba}. */
	static boolean hasProbabilities(TabularSignature signature) {
		return signature.target().task() == Task.CLASSIFICATION && !signature.target().classes().isEmpty();
	}

	static List<TensorSpec> inputs(TabularSignature signature) {
		var inputs = new ArrayList<TensorSpec>();
		for (Feature feature : signature.features()) {
			inputs.add(new TensorSpec(feature.name(), datatype(feature.type()), List.of(-1L)));
		}
		return inputs;
	}

	static List<TensorSpec> outputs(TabularSignature signature) {
		var outputs = new ArrayList<TensorSpec>();
		outputs.add(new TensorSpec(PREDICT, labelType(signature), List.of(-1L)));
		if (hasProbabilities(signature)) {
			outputs.add(new TensorSpec(PREDICT_PROBA, DataType.FP64,
					List.of(-1L, (long) signature.target().classes().size())));
		}
		return outputs;
	}

}

package io.modelhost.engine.djl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import io.modelhost.engine.DataType;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;

/**
 * The signature of a TorchScript module, as far as its archive and a sample run can tell.
 *
 * <p>
 * TorchScript records argument names and types ({@code x: Tensor}) but no shapes, and
 * libtorch reports shapes only after a run. So:
 * <ol>
 * <li>The root module's {@code forward} must take exactly one tensor (arguments with
 * defaults are left out); its name is the input's name.</li>
 * <li>The input's width and element type come from the module's first parameter (in
 * registration order): it must be the {@code weight} of a {@code torch.nn.Linear}, whose
 * shape is {@code [out_features, in_features]}, giving an input of
 * {@code [-1, in_features]} of the weight's type. The program text says which module type
 * owns the parameter ({@link ScriptCode}).</li>
 * <li>Two runs on zeros, of batch 1 and 2, validate that guess (a module whose first
 * registered layer is not the first applied fails here and is refused) and give the
 * outputs: their number, types and shapes, with {@code -1} where the two runs
 * differ.</li>
 * </ol>
 * A module whose first parameter is the weight of a {@code Conv1d}, {@code Conv2d} or
 * {@code Conv3d} ({@code [out, in, k…]}) takes {@code [-1, in, -1, …]}: the rank and
 * channels are known, the spatial sizes are left free and checked when a prediction runs;
 * its outputs come from sample runs at the first of a few common sizes that the model
 * takes. Any other module (an embedding first, several tensor inputs) is refused as
 * unsupported unless the uploader declares its input.
 *
 * @param tensors the inputs and outputs
 * @param notes how they were found, for the uploader
 */
record ScriptSignature(TensorSignature tensors, List<String> notes) {

	static final String SHAPE_HINT = "TorchScript does not record input shapes, and they can only be read here "
			+ "from a first Linear or convolution layer. Declare the input at upload, or export the model with torch.onnx.export(model, example_input, "
			+ "\"model.onnx\", dynamic_axes={...}), which records them";

	private static final String LINEAR = "torch.nn.modules.linear.Linear";

	/** Convolutions by the number of spatial dimensions less one: 1-D, 2-D, 3-D. */
	private static final List<String> CONVOLUTIONS = List.of("torch.nn.modules.conv.Conv1d",
			"torch.nn.modules.conv.Conv2d", "torch.nn.modules.conv.Conv3d");

	/**
	 * The sizes a convolutional model is tried at, small first: sklearn digits, MNIST,
	 * CIFAR, and the common ImageNet size.
	 */
	private static final List<Long> SAMPLE_SIDES = List.of(8L, 28L, 32L, 64L, 224L);

	ScriptSignature {
		notes = List.copyOf(notes);
	}

	/**
	 * The one tensor argument of the root's {@code forward}.
	 * @throws ModelRejectedException (unsupported) for any other {@code forward}
	 */
	static ForwardMethod.Argument argument(ScriptCode.ScriptClass root, Phase phase) {
		ForwardMethod forward = root.forward();
		if (forward == null) {
			throw ModelRejectedException.unsupported(phase,
					"The model's program has no readable forward method for its root module", SHAPE_HINT);
		}
		List<ForwardMethod.Argument> required = forward.arguments()
			.stream()
			.filter((argument) -> !argument.hasDefault())
			.toList();
		if (required.size() != 1 || !required.getFirst().type().equals("Tensor")) {
			throw ModelRejectedException.unsupported(phase,
					"The model's forward takes " + required.stream().map((a) -> a.name() + ": " + a.type()).toList()
							+ "; only models that take a single tensor are supported for now",
					SHAPE_HINT);
		}
		return required.getFirst();
	}

	/**
	 * Reads the input from the first parameter and the outputs from two sample runs.
	 * @throws ModelRejectedException if the input cannot be told or the samples fail
	 * @throws IOException if the program text cannot be read
	 */
	static ScriptSignature derive(ScriptCode code, ScriptCode.ScriptClass root, ForwardMethod.Argument argument,
			Model model, PredictorPool predictors, Phase phase) throws IOException {
		ParameterList parameters = model.getBlock().getParameters();
		if (parameters.isEmpty()) {
			throw ModelRejectedException.unsupported(phase,
					"The model has no weights from which to tell the shape of its input", SHAPE_HINT);
		}
		Pair<String, Parameter> first = parameters.get(0);
		String name = first.getKey();
		NDArray weight = first.getValue().getArray();
		List<String> path = List.of(name.split("\\."));
		List<String> owner = path.subList(0, path.size() - 1);
		Optional<String> type = code.typeOf(root, owner).map(ScriptCode::plainType);
		DataType elementType = NdTensors.dataType(weight.getDataType());
		int convolution = type.map(CONVOLUTIONS::indexOf).orElse(-1);
		if (convolution >= 0 && path.getLast().equals("weight") && elementType != null
				&& weight.getShape().dimension() == convolution + 3) {
			return convolution(argument, owner, type.get(), weight, elementType, model, predictors, phase);
		}
		if (!type.equals(Optional.of(LINEAR)) || !path.getLast().equals("weight") || weight.getShape().dimension() != 2
				|| elementType == null) {
			throw ModelRejectedException.unsupported(phase,
					"The model's first layer ('" + String.join(".", owner) + "', "
							+ type.map(ScriptSignature::simpleName).orElse("of unknown type")
							+ ") does not reveal the shape of its input",
					SHAPE_HINT);
		}
		var input = new TensorSpec(argument.name(), elementType, List.of(-1L, weight.getShape().get(1)));
		List<TensorSpec> outputs = outputs(input, model, predictors, phase);
		return new ScriptSignature(new TensorSignature(List.of(input), outputs), List.of("input shape " + input.shape()
				+ " read from the first Linear layer '" + String.join(".", owner) + "'; outputs from a sample run"));
	}

	/**
	 * A module whose first layer is a convolution: its weight {@code [out, in, k…]} gives
	 * the rank and the channels, {@code [-1, in, -1, …]}; the spatial sizes stay free
	 * (the endpoint checks them at prediction time). The outputs come from sample runs at
	 * the first of {@link #SAMPLE_SIDES} the model takes: a model that flattens into a
	 * Linear layer takes one size only.
	 */
	private static ScriptSignature convolution(ForwardMethod.Argument argument, List<String> owner, String type,
			NDArray weight, DataType elementType, Model model, PredictorPool predictors, Phase phase) {
		long channels = weight.getShape().get(1);
		var shape = new ArrayList<Long>(List.of(-1L, channels));
		for (int d = 2; d < weight.getShape().dimension(); d++) {
			shape.add(-1L);
		}
		var input = new TensorSpec(argument.name(), elementType, shape);
		ModelRejectedException last = null;
		for (long side : SAMPLE_SIDES) {
			if (Math.pow(side, shape.size() - 2) > 224 * 224) {
				continue; // a 3-D sample of 224 a side would be a 45 MB tensor of zeros
			}
			try {
				List<TensorSpec> outputs = outputs(input, side, model, predictors, phase);
				return new ScriptSignature(new TensorSignature(List.of(input), outputs),
						List.of("input shape " + input.shape() + " read from the first " + simpleName(type).substring(2)
								+ " layer '" + String.join(".", owner) + "' (" + channels
								+ " channels; height and width are checked at each prediction); outputs from a "
								+ "sample run at " + side + " pixels a side"));
			}
			catch (ModelRejectedException ex) {
				if (ex.kind() != ModelRejectedException.Kind.INVALID) {
					throw ex;
				}
				last = ex;
			}
		}
		throw ModelRejectedException.invalid(phase,
				"The model fails on sample inputs of zeros of " + channels + " channels at every size tried "
						+ SAMPLE_SIDES + ": " + ((last != null) ? last.getMessage() : ""),
				"Declare the input at upload, e.g. [{\"name\": \"" + argument.name() + "\", \"datatype\": \""
						+ elementType + "\", \"shape\": [-1, " + channels + ", 64, 64]}], or export the model to ONNX",
				last);
	}

	private static String simpleName(String type) {
		return "a " + type.substring(type.lastIndexOf('.') + 1);
	}

	private static List<TensorSpec> outputs(TensorSpec input, Model model, PredictorPool predictors, Phase phase) {
		return outputs(input, 1, model, predictors, phase);
	}

	/** The outputs of runs where each free dimension but the batch is {@code side}. */
	private static List<TensorSpec> outputs(TensorSpec input, long side, Model model, PredictorPool predictors,
			Phase phase) {
		Predictor<NDList, NDList> predictor;
		try {
			predictor = predictors.borrow();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for a predictor", ex);
		}
		try (NDManager manager = model.getNDManager().newSubManager()) {
			ai.djl.ndarray.types.DataType type = NdTensors.djlType(input.type());
			NDList one = predictor.predict(new NDList(manager.zeros(sample(input, 1, side), type)));
			NDList two = predictor.predict(new NDList(manager.zeros(sample(input, 2, side), type)));
			return specs(one, two, phase);
		}
		catch (TranslateException | RuntimeException ex) {
			if (ex instanceof ModelRejectedException rejected) {
				throw rejected;
			}
			throw ModelRejectedException.invalid(phase,
					"The model fails on a sample input of zeros with shape " + sample(input, 1, side) + ": "
							+ TorchErrors.plain(ex),
					"Check that the first layer the model registers is the first its forward applies, "
							+ "or export the model to ONNX",
					ex);
		}
		finally {
			predictors.release(predictor);
		}
	}

	/**
	 * A sample shape for the input: {@code batch} examples, {@code side} for every other
	 * free dimension.
	 */
	private static Shape sample(TensorSpec input, long batch, long side) {
		long[] dimensions = new long[input.shape().size()];
		for (int d = 0; d < dimensions.length; d++) {
			long size = input.shape().get(d);
			dimensions[d] = (d == 0) ? batch : ((size >= 0) ? size : side);
		}
		return new Shape(dimensions);
	}

	/**
	 * The signature of a model whose uploader declared its input, proved on two sample
	 * runs.
	 * @throws ModelRejectedException if the declaration cannot fit the model's forward or
	 * the samples fail
	 */
	static ScriptSignature declared(ForwardMethod.Argument argument, List<TensorSpec> declared, Model model,
			PredictorPool predictors, Phase phase) {
		if (declared.size() != 1) {
			throw ModelRejectedException.invalid(Phase.VALIDATE,
					"the model's forward takes one tensor ('" + argument.name() + "') but " + declared.size()
							+ " inputs were declared",
					"Declare exactly one input, e.g. [{\"name\": \"" + argument.name()
							+ "\", \"datatype\": \"FP32\", \"shape\": [-1, 4]}]",
					null);
		}
		TensorSpec input = declared.getFirst();
		if (input.shape().isEmpty() || input.shape().getFirst() != -1) {
			throw ModelRejectedException.invalid(Phase.VALIDATE,
					"the declared input's first dimension must be the batch, -1, but the shape is " + input.shape(),
					null, null);
		}
		List<TensorSpec> outputs = outputs(input, model, predictors, phase);
		return new ScriptSignature(new TensorSignature(List.of(input), outputs), List.of("input " + input.name() + " "
				+ input.type() + " " + input.shape() + " as declared at upload; outputs from sample runs"));
	}

	/** One spec per output, with -1 for each dimension that differs between the runs. */
	private static List<TensorSpec> specs(NDList one, NDList two, Phase phase) {
		if (one.isEmpty() || one.size() != two.size()) {
			throw ModelRejectedException.unsupported(phase,
					"The model returns " + one.size() + " tensors for one example and " + two.size() + " for two",
					"Return a tensor or a tuple of tensors with the batch as their first dimension");
		}
		var names = new HashSet<String>();
		var specs = new ArrayList<TensorSpec>();
		for (int i = 0; i < one.size(); i++) {
			NDArray first = one.get(i);
			long[] shape = first.getShape().getShape();
			long[] other = two.get(i).getShape().getShape();
			DataType type = NdTensors.dataType(first.getDataType());
			if (type == null || shape.length != other.length) {
				throw ModelRejectedException.unsupported(phase,
						"Output " + i + " is of type " + first.getDataType() + " or changes rank with the batch",
						"Return float, double, integer or boolean tensors with the batch as their first dimension");
			}
			var dimensions = new ArrayList<Long>();
			for (int d = 0; d < shape.length; d++) {
				dimensions.add((shape[d] == other[d]) ? shape[d] : -1L);
			}
			String name = first.getName();
			if (name == null || name.isBlank() || !names.add(name)) {
				name = (one.size() == 1) ? "output" : "output_" + i;
			}
			specs.add(new TensorSpec(name, type, dimensions));
		}
		return specs;
	}

}

package io.modelhost.engine.keras;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.modelhost.engine.DataType;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import org.jspecify.annotations.Nullable;

/**
 * A Keras model in memory, run by this engine's interpreter.
 *
 * <p>
 * Thread-safe: the graph and its weights never change after loading, and every prediction
 * computes in arrays of its own. Inputs of any numeric type are read as doubles; outputs
 * are FP32, as Keras gives them. Holds nothing but heap; {@link #close()} drops the graph
 * so that its weights can be collected even while something still holds this object.
 */
final class KerasModel implements LoadedModel {

	/**
	 * The graph, until {@link #close()} clears it. A plain field, not an atomic wrapper:
	 * the runtime measures a model's heap by walking its fields, and cannot see through
	 * {@code java.util.concurrent.atomic} without opening that package.
	 */
	private volatile @Nullable ModelGraph graph;

	private final TensorSignature signature;

	KerasModel(ModelGraph graph) {
		this.graph = graph;
		this.signature = new TensorSignature(
				graph.inputs().stream().map((input) -> spec(input.name(), input.shape())).toList(),
				graph.outputs().stream().map((output) -> spec(output.name(), output.shape())).toList());
	}

	private static TensorSpec spec(String name, int[] shape) {
		var dimensions = new ArrayList<Long>();
		dimensions.add(-1L);
		for (int dimension : shape) {
			dimensions.add((long) dimension);
		}
		return new TensorSpec(name, DataType.FP32, dimensions);
	}

	@Override
	public TensorSignature signature() {
		return this.signature;
	}

	@Override
	public Prediction predict(ModelInput input) {
		if (!(input instanceof ModelInput.Tensors tensors)) {
			throw new InvalidInputException(
					List.of(new InputProblem("/inputs", "a Keras model takes tensors, not rows")));
		}
		List<NdArray> values = inputs(tensors.tensors());
		ModelGraph current = this.graph;
		if (current == null) {
			throw new PredictionFailedException("the model is closed", new IllegalStateException("closed"));
		}
		List<NdArray> results;
		try {
			results = current.run(values);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException(List.of(new InputProblem("/inputs", ex.getMessage())));
		}
		catch (RuntimeException ex) {
			throw new PredictionFailedException("the Keras interpreter failed to predict", ex);
		}
		Map<String, Tensor> outputs = new LinkedHashMap<>();
		for (int i = 0; i < results.size(); i++) {
			outputs.put(this.signature.outputs().get(i).name(), toTensor(results.get(i)));
		}
		return new Prediction.Tensors(outputs);
	}

	/**
	 * Runs one example of zeros, proving that every layer works on the shapes it gets.
	 */
	/**
	 * The values one example holds while the model runs, every layer output included (see
	 * {@link ModelGraph#exampleElements()}).
	 */
	long exampleElements() {
		return Objects.requireNonNull(this.graph, "closed").exampleElements();
	}

	void runSample() {
		ModelGraph current = Objects.requireNonNull(this.graph, "closed");
		var zeros = new ArrayList<NdArray>();
		for (ModelGraph.Input input : current.inputs()) {
			int[] shape = Shapes.withBatch(1, input.shape());
			for (int i = 0; i < shape.length; i++) {
				shape[i] = Math.max(shape[i], 1);
			}
			zeros.add(NdArray.zeros(shape));
		}
		current.run(zeros);
	}

	private List<NdArray> inputs(Map<String, Tensor> tensors) {
		var problems = new ArrayList<InputProblem>();
		for (String name : tensors.keySet()) {
			if (this.signature.inputs().stream().noneMatch((spec) -> spec.name().equals(name))) {
				problems
					.add(new InputProblem("/inputs/" + escape(name), "the model has no input named '" + name + "'"));
			}
		}
		var values = new ArrayList<NdArray>();
		long batch = -1;
		for (TensorSpec spec : this.signature.inputs()) {
			String pointer = "/inputs/" + escape(spec.name());
			Tensor tensor = tensors.get(spec.name());
			if (tensor == null) {
				problems.add(new InputProblem(pointer, "input '" + spec.name() + "' is missing"));
				continue;
			}
			String shapeProblem = shapeProblem(spec, tensor);
			if (shapeProblem != null) {
				problems.add(new InputProblem(pointer, shapeProblem));
				continue;
			}
			if (!tensor.type().isNumeric()) {
				problems.add(new InputProblem(pointer, "expected numbers but got " + tensor.type()));
				continue;
			}
			if (batch >= 0 && tensor.shape().getFirst() != batch) {
				problems.add(new InputProblem(pointer, "every input must hold the same number of examples"));
				continue;
			}
			batch = tensor.shape().getFirst();
			values.add(new NdArray(tensor.shape().stream().mapToInt(Long::intValue).toArray(), doubles(tensor)));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		return values;
	}

	private static @Nullable String shapeProblem(TensorSpec spec, Tensor tensor) {
		List<Long> expected = spec.shape();
		List<Long> actual = tensor.shape();
		boolean fits = actual.size() == expected.size();
		for (int i = 0; fits && i < actual.size(); i++) {
			fits = (expected.get(i) == -1 || expected.get(i).equals(actual.get(i)))
					&& actual.get(i) <= Integer.MAX_VALUE;
		}
		return fits ? null : "expected shape " + expected + " (-1: any size) but got " + actual;
	}

	private static double[] doubles(Tensor tensor) {
		double[] values = new double[tensor.size()];
		switch (tensor.data()) {
			case float[] floats -> {
				for (int i = 0; i < values.length; i++) {
					values[i] = floats[i];
				}
			}
			case double[] doubles -> System.arraycopy(doubles, 0, values, 0, values.length);
			default -> {
				for (int i = 0; i < values.length; i++) {
					values[i] = ((Number) tensor.element(i)).doubleValue();
				}
			}
		}
		return values;
	}

	private static Tensor toTensor(NdArray array) {
		float[] data = new float[array.data().length];
		for (int i = 0; i < data.length; i++) {
			data[i] = (float) array.data()[i];
		}
		var shape = new ArrayList<Long>(array.rank());
		for (int dimension : array.shape()) {
			shape.add((long) dimension);
		}
		return new Tensor(DataType.FP32, shape, data);
	}

	/** A JSON Pointer token (RFC 6901). */
	private static String escape(String name) {
		return name.replace("~", "~0").replace("/", "~1");
	}

	@Override
	public void close() {
		this.graph = null;
	}

}

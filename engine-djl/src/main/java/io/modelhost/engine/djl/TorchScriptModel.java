package io.modelhost.engine.djl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.TranslateException;
import io.modelhost.engine.EngineException;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;

/**
 * A TorchScript module loaded into libtorch through DJL.
 *
 * <p>
 * Thread-safe: each prediction borrows a DJL predictor from a {@link PredictorPool} and
 * builds its tensors in an {@link NDManager} of its own, closed (freeing the native
 * tensors) before it returns. libtorch runs each prediction on the calling thread only
 * (see {@link TorchRuntime}).
 */
final class TorchScriptModel implements LoadedModel {

	private final Model model;

	private final TensorSignature signature;

	private final PredictorPool predictors;

	private final List<String> notes;

	/** Set once, by the first {@link #close()}; the model is closed exactly once. */
	private final AtomicBoolean closed = new AtomicBoolean();

	TorchScriptModel(Model model, TensorSignature signature, PredictorPool predictors, List<String> notes) {
		this.model = model;
		this.signature = signature;
		this.predictors = predictors;
		this.notes = List.copyOf(notes);
	}

	@Override
	public TensorSignature signature() {
		return this.signature;
	}

	/** How the signature was found, for the uploader. */
	List<String> notes() {
		return this.notes;
	}

	@Override
	public Prediction predict(ModelInput input) {
		if (!(input instanceof ModelInput.Tensors tensors)) {
			throw new IllegalArgumentException("a TorchScript model takes tensors, not rows");
		}
		if (this.closed.get()) {
			throw new IllegalStateException("the model is closed");
		}
		List<Tensor> inputs = ordered(tensors);
		Predictor<NDList, NDList> predictor = borrow();
		try (NDManager manager = this.model.getNDManager().newSubManager()) {
			var arrays = new NDList(inputs.size());
			for (Tensor tensor : inputs) {
				arrays.add(NdTensors.toNd(manager, tensor));
			}
			return answer(predictor.predict(arrays));
		}
		catch (EngineException ex) {
			throw ex;
		}
		catch (TranslateException | RuntimeException ex) {
			String detail = TorchErrors.plain(ex);
			if (TorchErrors.isInputProblem(detail)) {
				throw new InvalidInputException(List.of(new InputProblem("/inputs", detail)));
			}
			throw new PredictionFailedException("PyTorch failed to predict: " + detail, ex);
		}
		finally {
			this.predictors.release(predictor);
		}
	}

	/**
	 * The input tensors in the signature's order, each of its declared type and of a
	 * shape that fits the declared one.
	 */
	private List<Tensor> ordered(ModelInput.Tensors input) {
		var problems = new ArrayList<InputProblem>();
		var ordered = new ArrayList<Tensor>();
		for (TensorSpec spec : this.signature.inputs()) {
			Tensor tensor = input.tensors().get(spec.name());
			if (tensor == null) {
				problems.add(new InputProblem("/inputs", "missing input '" + spec.name() + "'"));
			}
			else if (tensor.type() != spec.type()) {
				problems.add(new InputProblem("/inputs",
						"input '" + spec.name() + "' must be " + spec.type() + " but is " + tensor.type()));
			}
			else if (!fits(spec.shape(), tensor.shape())) {
				problems.add(new InputProblem("/inputs", "input '" + spec.name() + "' must have shape " + spec.shape()
						+ " (-1: any size) but has " + tensor.shape()));
			}
			ordered.add(tensor);
		}
		for (String name : input.tensors().keySet()) {
			if (this.signature.inputs().stream().noneMatch((spec) -> spec.name().equals(name))) {
				problems.add(new InputProblem("/inputs", "unknown input '" + name + "'"));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		return ordered;
	}

	private static boolean fits(List<Long> declared, List<Long> actual) {
		if (declared.size() != actual.size()) {
			return false;
		}
		for (int i = 0; i < declared.size(); i++) {
			if (declared.get(i) != -1 && !declared.get(i).equals(actual.get(i))) {
				return false;
			}
		}
		return true;
	}

	private Prediction answer(NDList outputs) {
		List<TensorSpec> specs = this.signature.outputs();
		if (outputs.size() != specs.size()) {
			throw new PredictionFailedException("the model returned " + outputs.size() + " tensors, not the "
					+ specs.size() + " it returned when admitted", new IllegalStateException("output count"));
		}
		Map<String, Tensor> answer = new LinkedHashMap<>();
		for (int i = 0; i < specs.size(); i++) {
			answer.put(specs.get(i).name(), NdTensors.fromNd(output(outputs, specs.get(i).name(), i)));
		}
		return new Prediction.Tensors(answer);
	}

	/**
	 * The output of the given name (a model that returns a dict names its tensors), or
	 * else the one at the given position.
	 */
	private static NDArray output(NDList outputs, String name, int position) {
		for (NDArray output : outputs) {
			if (name.equals(output.getName())) {
				return output;
			}
		}
		return outputs.get(position);
	}

	private Predictor<NDList, NDList> borrow() {
		try {
			return this.predictors.borrow();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PredictionFailedException("interrupted while waiting for a free predictor", ex);
		}
	}

	/**
	 * Closes the predictors and then the model, which frees libtorch's module and every
	 * array still attached to it.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.predictors.close();
			}
			finally {
				this.model.close();
			}
		}
	}

}

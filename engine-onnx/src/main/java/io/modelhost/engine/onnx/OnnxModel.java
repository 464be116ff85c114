package io.modelhost.engine.onnx;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtException.OrtErrorCode;
import ai.onnxruntime.OrtSession;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature.TensorSpec;

/**
 * An ONNX model in an ONNX Runtime session.
 *
 * <p>
 * Thread-safe: {@link OrtSession#run} may be called from many threads at once, and each
 * prediction creates and closes its own native tensors. The session uses one thread per
 * prediction, so throughput scales with the number of callers.
 */
final class OnnxModel implements LoadedModel {

	private final OrtEnvironment environment;

	private final OrtSession session;

	private final OnnxSignature signature;

	/** The outputs requested from every run: the signature's, in its order. */
	private final Set<String> outputs;

	/** Set once, by the first {@link #close()}; the session is closed exactly once. */
	private final AtomicBoolean closed = new AtomicBoolean();

	OnnxModel(OrtEnvironment environment, OrtSession session, OnnxSignature signature) {
		this.environment = environment;
		this.session = session;
		this.signature = signature;
		this.outputs = new LinkedHashSet<>(signature.tensors().outputs().stream().map(TensorSpec::name).toList());
	}

	@Override
	public ModelSignature signature() {
		return this.signature.tensors();
	}

	/** Facts about the signature worth showing the uploader. */
	List<String> notes() {
		return this.signature.notes();
	}

	@Override
	public Prediction predict(ModelInput input) {
		if (!(input instanceof ModelInput.Tensors tensors)) {
			throw new IllegalArgumentException("an ONNX model takes tensors, not rows");
		}
		Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
		try {
			for (Map.Entry<String, Tensor> entry : tensors.tensors().entrySet()) {
				inputs.put(entry.getKey(), OrtTensors.toOrt(this.environment, entry.getValue()));
			}
			try (OrtSession.Result result = this.session.run(inputs, this.outputs)) {
				Map<String, Tensor> answer = new LinkedHashMap<>();
				for (String name : this.outputs) {
					OnnxValue value = result.get(name)
						.orElseThrow(() -> new IllegalStateException("ONNX Runtime did not return output " + name));
					answer.put(name, OrtTensors.fromOrt((OnnxTensor) value));
				}
				return new Prediction.Tensors(answer);
			}
		}
		catch (OrtException ex) {
			throw failure(ex);
		}
		catch (RuntimeException ex) {
			throw new PredictionFailedException("ONNX Runtime failed to predict", ex);
		}
		finally {
			inputs.values().forEach(OnnxTensor::close);
		}
	}

	/**
	 * Errors that ONNX Runtime reports as invalid arguments (wrong shape, wrong type,
	 * missing input) and those its Java layer raises before running (unknown input names)
	 * are the caller's; everything else is the engine's.
	 */
	private static RuntimeException failure(OrtException ex) {
		String detail = OrtErrors.plain(ex);
		if (ex.getCode() == OrtErrorCode.ORT_INVALID_ARGUMENT || ex.getCode() == OrtErrorCode.ORT_JAVA_UNKNOWN) {
			return new InvalidInputException(List.of(new InputProblem("/inputs", detail)));
		}
		return new PredictionFailedException("ONNX Runtime failed to predict: " + detail, ex);
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.session.close();
			}
			catch (OrtException ex) {
				throw new IllegalStateException("could not close the ONNX Runtime session: " + OrtErrors.plain(ex), ex);
			}
		}
	}

}

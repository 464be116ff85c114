package io.modelhost.engine.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.modelhost.engine.DataType;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;

/**
 * The signature of an ONNX Runtime session, with what had to be left out of it.
 *
 * <p>
 * Every input must be a tensor of a type the platform has. Outputs that are not tensors
 * (sequences and maps, such as the {@code ZipMap} that skl2onnx adds to classifiers) are
 * left out and never requested; tensor outputs of types the platform lacks refuse the
 * model, because leaving them out would hide part of its answer.
 *
 * @param tensors the inputs and the outputs served
 * @param notes one note per output left out, for the uploader
 */
record OnnxSignature(TensorSignature tensors, List<String> notes) {

	OnnxSignature {
		notes = List.copyOf(notes);
	}

	/**
	 * Reads a session's inputs and outputs.
	 * @throws ModelRejectedException if an input is not a tensor of a supported type, a
	 * tensor output has an unsupported type, or no tensor output remains
	 */
	static OnnxSignature of(OrtSession session) throws OrtException {
		var inputs = new ArrayList<TensorSpec>();
		for (NodeInfo node : session.getInputInfo().values()) {
			if (!(node.getInfo() instanceof TensorInfo info)) {
				throw ModelRejectedException
					.unsupported(Phase.LOAD,
							"Input '" + node.getName() + "' is " + kind(node.getInfo())
									+ "; only tensor inputs are supported",
							"Export the model so that it takes tensors");
			}
			inputs.add(spec("Input", node.getName(), info));
		}
		if (inputs.isEmpty()) {
			throw ModelRejectedException.unsupported(Phase.LOAD, "The model takes no input", null);
		}
		var outputs = new ArrayList<TensorSpec>();
		var notes = new ArrayList<String>();
		for (NodeInfo node : session.getOutputInfo().values()) {
			if (node.getInfo() instanceof TensorInfo info) {
				outputs.add(spec("Output", node.getName(), info));
			}
			else {
				notes.add("output '" + node.getName() + "' is left out: it is " + kind(node.getInfo()));
			}
		}
		if (outputs.isEmpty()) {
			throw ModelRejectedException.unsupported(Phase.LOAD,
					"The model has no tensor output; its outputs are sequences or maps",
					"Export it so that it returns tensors, e.g. with skl2onnx's options={'zipmap': False}");
		}
		return new OnnxSignature(new TensorSignature(inputs, outputs), notes);
	}

	private static TensorSpec spec(String role, String name, TensorInfo info) {
		DataType type = OrtTensors.dataType(info.onnxType);
		if (type == null) {
			throw ModelRejectedException.unsupported(Phase.LOAD,
					role + " '" + name + "' has element type " + OrtTensors.onnxName(info.onnxType)
							+ ", which is not supported",
					"Use float, double, int8/16/32/64, uint8, bool or string tensors, e.g. with a Cast to float");
		}
		// ONNX Runtime reports dynamic and symbolic dimensions as -1
		List<Long> shape = Arrays.stream(info.getShape()).map((dimension) -> Math.max(dimension, -1)).boxed().toList();
		return new TensorSpec(name, type, shape);
	}

	private static String kind(ValueInfo info) {
		return switch (info) {
			case SequenceInfo _ -> "a sequence";
			case MapInfo _ -> "a map";
			default -> "not a tensor";
		};
	}

}

package io.modelhost.engine.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.SafeText;
import org.jspecify.annotations.Nullable;

/**
 * One graph of an ONNX model as {@link GraphReader} reads it: only what deciding memory
 * needs (names, operators, small integer constants, subgraphs), never weights.
 *
 * @param inputs the names of its formal inputs, in order
 * @param outputs the names of its outputs, in order
 * @param initializers its initializers, with the values of small ones
 * @param nodes its nodes, in file order
 */
record OnnxGraph(List<String> inputs, List<String> outputs, List<Tensor> initializers, List<Node> nodes) {

	/**
	 * A node.
	 *
	 * @param value the tensor a {@code Constant} defines ({@code value},
	 * {@code value_int}, {@code value_floats}...) or a {@code ConstantOfShape} fills
	 * with, else null
	 * @param ints its integer attributes ({@code axis}, {@code axes}, {@code start}...)
	 * @param graphs its graph attributes by name ({@code then_branch}, {@code body}...)
	 */
	record Node(String name, String op, String domain, List<String> inputs, List<String> outputs,
			@Nullable Tensor value, Map<String, long[]> ints, Map<String, OnnxGraph> graphs) {

		/** An integer attribute, or {@code fallback} where the node has none. */
		long intAttribute(String attribute, long fallback) {
			long[] found = this.ints.get(attribute);
			return (found != null && found.length == 1) ? found[0] : fallback;
		}

		/** How a message names the node: {@code 'name' (Op)}. */
		String describe() {
			return "'" + SafeText.clean(this.name) + "' (" + SafeText.clean(this.op) + ")";
		}

	}

	/** A model-local function, which ONNX Runtime inlines where a node calls it. */
	record Function(String name, String domain, List<String> inputs, List<String> outputs, List<Node> nodes) {

	}

	/**
	 * A tensor as declared.
	 *
	 * @param bytes its dimensions times its element size, saturated
	 * @param rawLength the length of its raw_data, -1 if it has none or its type has no
	 * fixed size
	 * @param values its values as integers (floating point truncated, as {@code Cast}
	 * does) if it has at most {@link GraphReader#MAX_VALUES}, else null
	 */
	record Tensor(String name, long[] dims, int dataType, long bytes, long rawLength, long @Nullable [] values) {

		/** ONNX Runtime allocates by the dimensions: a shorter raw_data is a lie. */
		void requireConsistent() {
			if (this.rawLength >= 0 && this.rawLength < this.bytes) {
				throw ModelRejectedException.invalid(Phase.SCAN,
						"Tensor '" + SafeText.clean(this.name) + "' declares shape " + Arrays.toString(this.dims) + " ("
								+ this.bytes + " bytes) but holds " + this.rawLength + " bytes of data",
						"Check the model with onnx.checker.check_model(model, full_check=True)", null);
			}
		}

	}

}

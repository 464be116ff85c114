package io.modelhost.engine.keras;

import java.util.ArrayList;
import java.util.List;

/**
 * A Keras model ready to run: its inputs, its layer calls in an order where each call's
 * inputs are computed before it, and its outputs. Values live in numbered slots, one per
 * tensor of the graph; each run has its own slots.
 *
 * @param inputs the model's inputs, in the model's order
 * @param steps the layer calls, in running order
 * @param outputs the model's outputs, in the model's order
 * @param slots how many tensors the graph has
 * @param exampleElements the values one example holds in all slots of a run, nested
 * models' included, a size known only at prediction time counted as 1: every slot stays
 * alive until the run ends
 */
record ModelGraph(List<Input> inputs, List<Step> steps, List<Output> outputs, int slots, long exampleElements) {

	ModelGraph {
		inputs = List.copyOf(inputs);
		steps = List.copyOf(steps);
		outputs = List.copyOf(outputs);
	}

	/**
	 * Runs the graph on one batch per input.
	 * @throws IllegalArgumentException if an input does not fit a layer
	 */
	List<NdArray> run(List<NdArray> values) {
		NdArray[] slot = new NdArray[this.slots];
		for (int i = 0; i < this.inputs.size(); i++) {
			slot[this.inputs.get(i).slot()] = values.get(i);
		}
		for (Step step : this.steps) {
			var arguments = new ArrayList<NdArray>(step.inputSlots().length);
			for (int input : step.inputSlots()) {
				arguments.add(slot[input]);
			}
			try {
				slot[step.outputSlot()] = step.layer().apply(arguments);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("layer '" + SafeName.of(step.layerName()) + "' " + ex.getMessage(),
						ex);
			}
		}
		var results = new ArrayList<NdArray>(this.outputs.size());
		for (Output output : this.outputs) {
			results.add(slot[output.slot()]);
		}
		return results;
	}

	/**
	 * A model input.
	 *
	 * @param name its name in the model (the input layer's)
	 * @param shape an example's shape, {@code -1} where any size goes
	 * @param slot where its value goes
	 */
	record Input(String name, int[] shape, int slot) {

	}

	/**
	 * One call of a layer.
	 *
	 * @param layerName the layer's name, for messages
	 * @param layer the layer
	 * @param inputSlots where its inputs come from
	 * @param outputSlot where its output goes
	 */
	record Step(String layerName, Layer layer, int[] inputSlots, int outputSlot) {

	}

	/**
	 * A model output.
	 *
	 * @param name its name in the signature
	 * @param shape an example's shape, {@code -1} where only the run tells
	 * @param slot where its value is found
	 */
	record Output(String name, int[] shape, int slot) {

	}

}

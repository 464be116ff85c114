package io.modelhost.engine.keras;

import java.util.List;

/**
 * A Sequential or functional model used as a layer of another model.
 *
 * @param graph the inner model, with one output
 */
record NestedModel(ModelGraph graph) implements Layer {

	@Override
	public int[] outputShape(List<int[]> inputs) {
		if (inputs.size() != this.graph.inputs().size()) {
			throw new IllegalArgumentException(
					"takes " + this.graph.inputs().size() + " inputs but is given " + inputs.size());
		}
		for (int i = 0; i < inputs.size(); i++) {
			int[] expected = this.graph.inputs().get(i).shape();
			if (!Shapes.compatible(expected, inputs.get(i))) {
				throw new IllegalArgumentException(
						"expects input shape " + Shapes.text(expected) + " but is given " + Shapes.text(inputs.get(i)));
			}
		}
		return this.graph.outputs().getFirst().shape();
	}

	@Override
	public NdArray apply(List<NdArray> inputs) {
		return this.graph.run(inputs).getFirst();
	}

}

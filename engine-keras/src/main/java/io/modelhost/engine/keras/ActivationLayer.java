package io.modelhost.engine.keras;

import java.util.function.DoubleUnaryOperator;

/**
 * The element-wise activation layers: {@code Activation}, {@code ReLU},
 * {@code LeakyReLU}, {@code ELU}, {@code ThresholdedReLU}, {@code Rescaling}; and
 * {@code Softmax} over one axis.
 *
 * @param function the function of one element (the identity for softmax)
 * @param softmax whether this is softmax rather than an element-wise function
 * @param softmaxAxis for softmax, the axis counted without the batch ({@code -1}: last)
 */
record ActivationLayer(DoubleUnaryOperator function, boolean softmax, int softmaxAxis) implements Layer.Unary {

	static ActivationLayer of(LayerConfig config) {
		return switch (config.className()) {
			case "Activation" -> {
				Activation activation = config.activation("activation");
				yield (activation == Activation.SOFTMAX) ? softmax(-1)
						: new ActivationLayer(activation::apply, false, 0);
			}
			case "ReLU" -> relu(config);
			case "LeakyReLU" -> {
				// Keras 2 calls the slope alpha; Keras 3 negative_slope
				double slope = config.number("alpha", config.number("negative_slope", 0.3));
				yield new ActivationLayer((x) -> (x >= 0) ? x : slope * x, false, 0);
			}
			case "ELU" -> {
				double alpha = config.number("alpha", 1.0);
				yield new ActivationLayer((x) -> (x > 0) ? x : alpha * Math.expm1(x), false, 0);
			}
			case "ThresholdedReLU" -> {
				double theta = config.number("theta", 1.0);
				yield new ActivationLayer((x) -> (x > theta) ? x : 0, false, 0);
			}
			case "Rescaling" -> {
				double scale = config.number("scale", 1.0);
				double offset = config.number("offset", 0.0);
				yield new ActivationLayer((x) -> x * scale + offset, false, 0);
			}
			case "Softmax" -> {
				int axis = config.integer("axis", -1);
				yield softmax(axis);
			}
			default -> throw new IllegalArgumentException("not an activation layer: " + config.className());
		};
	}

	private static ActivationLayer relu(LayerConfig config) {
		Double maxValue = config.optionalNumber("max_value");
		double max = (maxValue != null) ? maxValue : Double.POSITIVE_INFINITY;
		double slope = config.number("negative_slope", 0);
		double threshold = config.number("threshold", 0);
		return new ActivationLayer((x) -> {
			if (x >= max) {
				return max;
			}
			return (x >= threshold) ? x : slope * (x - threshold);
		}, false, 0);
	}

	private static ActivationLayer softmax(int axis) {
		return new ActivationLayer(DoubleUnaryOperator.identity(), true, axis);
	}

	@Override
	public int[] outputShape(int[] input) {
		if (this.softmax) {
			axis(input);
		}
		return input;
	}

	@Override
	public NdArray apply(NdArray input) {
		double[] out = input.data().clone();
		if (this.softmax) {
			int[] example = input.exampleShape();
			int axis = axis(example) + 1;
			int[] shape = input.shape();
			int inner = 1;
			for (int i = axis + 1; i < shape.length; i++) {
				inner *= shape[i];
			}
			int length = shape[axis];
			int outer = out.length / Math.max(1, length * inner);
			for (int o = 0; o < outer; o++) {
				for (int i = 0; i < inner; i++) {
					Activation.softmax(out, o * length * inner + i, length, inner);
				}
			}
		}
		else {
			for (int i = 0; i < out.length; i++) {
				out[i] = this.function.applyAsDouble(out[i]);
			}
		}
		return new NdArray(input.shape(), out);
	}

	/**
	 * The softmax axis within an example's shape; Keras counts the batch as axis 0, so a
	 * positive axis is one less here.
	 */
	private int axis(int[] example) {
		int axis = (this.softmaxAxis < 0) ? example.length + this.softmaxAxis : this.softmaxAxis - 1;
		if (axis < 0 || axis >= example.length) {
			throw new IllegalArgumentException("softmax axis " + this.softmaxAxis + " is outside the input");
		}
		return axis;
	}

}

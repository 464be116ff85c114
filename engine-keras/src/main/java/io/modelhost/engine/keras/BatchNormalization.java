package io.modelhost.engine.keras;

import tools.jackson.databind.JsonNode;

/**
 * {@code BatchNormalization} at inference, over the last axis:
 * {@code gamma (x - moving_mean) / sqrt(moving_variance + epsilon) + beta}, folded into
 * one scale and one shift per channel at load time.
 *
 * @param scale per channel
 * @param shift per channel
 * @param axis the normalised axis as Keras counts it (batch = 0), {@code -1} for the last
 */
record BatchNormalization(double[] scale, double[] shift, int axis) implements Layer.Unary {

	static BatchNormalization of(LayerConfig config, LayerWeights weights) {
		int axis = axis(config);
		NdArray mean = weights.require("moving_mean", -1);
		int channels = mean.shape()[0];
		NdArray variance = weights.require("moving_variance", channels);
		NdArray gamma = config.flag("scale", true) ? weights.require("gamma", channels) : null;
		NdArray beta = config.flag("center", true) ? weights.require("beta", channels) : null;
		double epsilon = config.number("epsilon", 1e-3);
		double[] scale = new double[channels];
		double[] shift = new double[channels];
		for (int c = 0; c < channels; c++) {
			scale[c] = ((gamma != null) ? gamma.data()[c] : 1) / Math.sqrt(variance.data()[c] + epsilon);
			shift[c] = ((beta != null) ? beta.data()[c] : 0) - mean.data()[c] * scale[c];
		}
		return new BatchNormalization(scale, shift, axis);
	}

	/**
	 * Keras writes the axis as a number or a list; only the last axis (channels_last) is
	 * supported. Positive axes count the batch as 0 and are checked against the input
	 * rank when the graph is built, so they are accepted here.
	 */
	private static int axis(LayerConfig config) {
		JsonNode axis = config.config().path("axis");
		if (axis.isArray() && axis.size() == 1) {
			axis = axis.get(0);
		}
		if (!axis.isMissingNode() && !axis.isIntegralNumber()) {
			throw config.unsupported("normalising over several axes is not supported", null);
		}
		if (axis.isIntegralNumber() && axis.intValue() < -1) {
			throw config.unsupported("normalising over axis " + axis.intValue() + " is not supported; only the last",
					null);
		}
		return axis.isIntegralNumber() ? axis.intValue() : -1;
	}

	@Override
	public int[] outputShape(int[] input) {
		if (this.axis > 0 && this.axis != input.length) {
			throw new IllegalArgumentException("normalises over axis " + this.axis
					+ ", which is not the last axis; only channels_last is supported");
		}
		Shapes.requireLast(input, this.scale.length);
		return input;
	}

	@Override
	public NdArray apply(NdArray input) {
		Shapes.requireLast(input.shape(), this.scale.length);
		double[] out = input.data().clone();
		int channels = this.scale.length;
		for (int i = 0; i < out.length; i++) {
			int c = i % channels;
			out[i] = out[i] * this.scale[c] + this.shift[c];
		}
		return new NdArray(input.shape(), out);
	}

}

package io.modelhost.engine.keras;

import io.modelhost.engine.keras.Window.Padding;
import org.jspecify.annotations.Nullable;

/**
 * {@code Conv1D} and {@code Conv2D}, channels_last. A 1-D convolution runs as a 2-D one
 * of height 1.
 *
 * @param rows the window along the height (size 1 for Conv1D)
 * @param columns the window along the width (the time axis for Conv1D)
 * @param channels input channels
 * @param filters output channels
 * @param kernel {@code rows × columns × channels × filters}, row-major
 * @param bias {@code filters} values, or null without bias
 * @param activation applied to the result
 * @param oneDimensional whether examples are {@code [steps, channels]} rather than
 * {@code [height, width, channels]}
 */
record Convolution(Window rows, Window columns, int channels, int filters, double[] kernel, double @Nullable [] bias,
		Activation activation, boolean oneDimensional) implements Layer.Unary {

	static Convolution of(LayerConfig config, LayerWeights weights) {
		config.requireChannelsLast();
		config.refuse(config.integer("groups", 1) != 1, "grouped convolution (groups > 1)");
		boolean oneDimensional = config.className().equals("Conv1D") || config.className().equals("Convolution1D");
		int rank = oneDimensional ? 1 : 2;
		int filters = config.integer("filters");
		int[] size = config.integers("kernel_size", rank, null);
		int[] strides = config.integers("strides", rank, new int[] { 1, 1 });
		int[] dilation = config.integers("dilation_rate", rank, new int[] { 1, 1 });
		Padding padding = Padding.of(config);
		config.refuse(padding == Padding.CAUSAL && !oneDimensional, "causal padding outside Conv1D");
		NdArray kernel = oneDimensional ? weights.require("kernel", size[0], -1, filters)
				: weights.require("kernel", size[0], size[1], -1, filters);
		int channels = kernel.shape()[rank];
		NdArray bias = config.flag("use_bias", true) ? weights.require("bias", filters) : null;
		Window rows = oneDimensional ? new Window(1, 1, 1, Padding.VALID)
				: new Window(size[0], strides[0], dilation[0], padding);
		Window columns = oneDimensional ? new Window(size[0], strides[0], dilation[0], padding)
				: new Window(size[1], strides[1], dilation[1], padding);
		return new Convolution(rows, columns, channels, filters, kernel.data(), (bias != null) ? bias.data() : null,
				config.activation("activation"), oneDimensional);
	}

	@Override
	public int[] outputShape(int[] input) {
		Shapes.requireRank(input, this.oneDimensional ? 2 : 3);
		Shapes.requireLast(input, this.channels);
		if (this.oneDimensional) {
			return new int[] { this.columns.outputSize(input[0]), this.filters };
		}
		return new int[] { this.rows.outputSize(input[0]), this.columns.outputSize(input[1]), this.filters };
	}

	@Override
	public NdArray apply(NdArray input) {
		int[] example = input.exampleShape();
		int[] outShape = outputShape(example);
		int height = this.oneDimensional ? 1 : example[0];
		int width = this.oneDimensional ? example[0] : example[1];
		int outHeight = this.rows.outputSize(height);
		int outWidth = this.columns.outputSize(width);
		int top = this.rows.padBefore(height);
		int left = this.columns.padBefore(width);
		int batch = input.batch();
		double[] x = input.data();
		double[] out = new double[Math.toIntExact(NdArray.elements(batch, outHeight, outWidth, this.filters))];
		int kernelWidth = this.columns.size();
		for (int b = 0; b < batch; b++) {
			for (int oy = 0; oy < outHeight; oy++) {
				for (int ox = 0; ox < outWidth; ox++) {
					int o = ((b * outHeight + oy) * outWidth + ox) * this.filters;
					if (this.bias != null) {
						System.arraycopy(this.bias, 0, out, o, this.filters);
					}
					for (int ky = 0; ky < this.rows.size(); ky++) {
						int iy = oy * this.rows.stride() - top + ky * this.rows.dilation();
						if (iy < 0 || iy >= height) {
							continue;
						}
						for (int kx = 0; kx < kernelWidth; kx++) {
							int ix = ox * this.columns.stride() - left + kx * this.columns.dilation();
							if (ix < 0 || ix >= width) {
								continue;
							}
							int in = ((b * height + iy) * width + ix) * this.channels;
							int k = (ky * kernelWidth + kx) * this.channels * this.filters;
							for (int c = 0; c < this.channels; c++) {
								double value = x[in + c];
								int kc = k + c * this.filters;
								for (int f = 0; f < this.filters; f++) {
									out[o + f] += value * this.kernel[kc + f];
								}
							}
						}
					}
				}
			}
		}
		this.activation.applyInPlace(out, this.filters);
		return new NdArray(Shapes.withBatch(batch, outShape), out);
	}

}

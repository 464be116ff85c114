package io.modelhost.engine.keras;

import io.modelhost.engine.keras.Window.Padding;

/**
 * {@code MaxPooling1D/2D} and {@code AveragePooling1D/2D}, channels_last. As in
 * TensorFlow, padded positions are ignored: a max over the real elements only, an average
 * divided by the number of real elements.
 *
 * @param rows the window along the height (size 1 for 1-D pooling)
 * @param columns the window along the width (the time axis for 1-D pooling)
 * @param max max pooling rather than average pooling
 * @param oneDimensional whether examples are {@code [steps, channels]}
 */
record Pooling(Window rows, Window columns, boolean max, boolean oneDimensional) implements Layer.Unary {

	static Pooling of(LayerConfig config) {
		config.requireChannelsLast();
		String type = config.className();
		boolean oneDimensional = type.endsWith("1D");
		int rank = oneDimensional ? 1 : 2;
		int[] size = config.integers("pool_size", rank, new int[] { 2, 2 });
		int[] strides = config.integers("strides", rank, size);
		Padding padding = Padding.of(config);
		config.refuse(padding == Padding.CAUSAL, "causal padding in pooling");
		Window rows = oneDimensional ? new Window(1, 1, 1, Padding.VALID) : new Window(size[0], strides[0], 1, padding);
		Window columns = oneDimensional ? new Window(size[0], strides[0], 1, padding)
				: new Window(size[1], strides[1], 1, padding);
		return new Pooling(rows, columns, type.startsWith("Max"), oneDimensional);
	}

	@Override
	public int[] outputShape(int[] input) {
		Shapes.requireRank(input, this.oneDimensional ? 2 : 3);
		if (this.oneDimensional) {
			return new int[] { this.columns.outputSize(input[0]), input[1] };
		}
		return new int[] { this.rows.outputSize(input[0]), this.columns.outputSize(input[1]), input[2] };
	}

	@Override
	public NdArray apply(NdArray input) {
		int[] example = input.exampleShape();
		int[] outShape = outputShape(example);
		int height = this.oneDimensional ? 1 : example[0];
		int width = this.oneDimensional ? example[0] : example[1];
		int channels = example[example.length - 1];
		int outHeight = this.rows.outputSize(height);
		int outWidth = this.columns.outputSize(width);
		int top = this.rows.padBefore(height);
		int left = this.columns.padBefore(width);
		double[] x = input.data();
		double[] out = new double[Math.toIntExact(NdArray.elements(input.batch(), outHeight, outWidth, channels))];
		for (int b = 0; b < input.batch(); b++) {
			for (int oy = 0; oy < outHeight; oy++) {
				int y0 = Math.max(oy * this.rows.stride() - top, 0);
				int y1 = Math.min(oy * this.rows.stride() - top + this.rows.size(), height);
				for (int ox = 0; ox < outWidth; ox++) {
					int x0 = Math.max(ox * this.columns.stride() - left, 0);
					int x1 = Math.min(ox * this.columns.stride() - left + this.columns.size(), width);
					int o = ((b * outHeight + oy) * outWidth + ox) * channels;
					for (int c = 0; c < channels; c++) {
						double result = this.max ? Double.NEGATIVE_INFINITY : 0;
						for (int iy = y0; iy < y1; iy++) {
							for (int ix = x0; ix < x1; ix++) {
								double value = x[((b * height + iy) * width + ix) * channels + c];
								result = this.max ? Math.max(result, value) : result + value;
							}
						}
						out[o + c] = this.max ? result : result / ((y1 - y0) * (x1 - x0));
					}
				}
			}
		}
		return new NdArray(Shapes.withBatch(input.batch(), outShape), out);
	}

	/**
	 * {@code GlobalMaxPooling1D/2D} and {@code GlobalAveragePooling1D/2D}: one value per
	 * channel over every position.
	 *
	 * @param max max rather than average
	 * @param keepDimensions keep the pooled axes with size 1 ({@code keepdims=True})
	 */
	record Global(boolean max, boolean keepDimensions) implements Layer.Unary {

		static Global of(LayerConfig config) {
			config.requireChannelsLast();
			return new Global(config.className().startsWith("GlobalMax"), config.flag("keepdims", false));
		}

		@Override
		public int[] outputShape(int[] input) {
			if (input.length < 2) {
				throw new IllegalArgumentException(
						"expects positions and channels but got shape " + Shapes.text(input));
			}
			if (!this.keepDimensions) {
				return new int[] { input[input.length - 1] };
			}
			int[] output = new int[input.length];
			java.util.Arrays.fill(output, 1);
			output[output.length - 1] = input[input.length - 1];
			return output;
		}

		@Override
		public NdArray apply(NdArray input) {
			int channels = input.last();
			int positions = input.data().length / Math.max(1, input.batch() * channels);
			double[] out = new double[input.batch() * channels];
			for (int b = 0; b < input.batch(); b++) {
				for (int c = 0; c < channels; c++) {
					double result = this.max ? Double.NEGATIVE_INFINITY : 0;
					for (int p = 0; p < positions; p++) {
						double value = input.data()[(b * positions + p) * channels + c];
						result = this.max ? Math.max(result, value) : result + value;
					}
					out[b * channels + c] = this.max ? result : result / positions;
				}
			}
			return new NdArray(Shapes.withBatch(input.batch(), outputShape(input.exampleShape())), out);
		}

	}

}

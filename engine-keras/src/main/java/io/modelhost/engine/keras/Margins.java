package io.modelhost.engine.keras;

/**
 * {@code ZeroPadding1D/2D} (positive margins, filled with zeros) and
 * {@code Cropping1D/2D} (negative margins), channels_last.
 *
 * @param top rows added (or removed) above, 0 for 1-D
 * @param bottom rows added below, 0 for 1-D
 * @param left columns (time steps) added before
 * @param right columns added after
 * @param oneDimensional whether examples are {@code [steps, channels]}
 */
record Margins(int top, int bottom, int left, int right, boolean oneDimensional) implements Layer.Unary {

	static Margins of(LayerConfig config) {
		config.requireChannelsLast();
		boolean cropping = config.className().startsWith("Cropping");
		boolean oneDimensional = config.className().endsWith("1D");
		String key = cropping ? "cropping" : "padding";
		int sign = cropping ? -1 : 1;
		if (oneDimensional) {
			int[] pair = config.integers(key, 2, null);
			return new Margins(0, 0, sign * pair[0], sign * pair[1], true);
		}
		tools.jackson.databind.JsonNode value = config.config().path(key);
		int[] rows;
		int[] columns;
		if (value.isArray() && value.size() == 2 && value.get(0).isArray()) {
			rows = pair(config, value.get(0));
			columns = pair(config, value.get(1));
		}
		else {
			int[] symmetric = config.integers(key, 2, null);
			rows = new int[] { symmetric[0], symmetric[0] };
			columns = new int[] { symmetric[1], symmetric[1] };
		}
		return new Margins(sign * rows[0], sign * rows[1], sign * columns[0], sign * columns[1], false);
	}

	private static int[] pair(LayerConfig config, tools.jackson.databind.JsonNode node) {
		if (node.size() != 2 || !node.get(0).isIntegralNumber() || !node.get(1).isIntegralNumber()) {
			throw config.invalid("margins should be pairs of whole numbers");
		}
		return new int[] { node.get(0).intValue(), node.get(1).intValue() };
	}

	@Override
	public int[] outputShape(int[] input) {
		Shapes.requireRank(input, this.oneDimensional ? 2 : 3);
		if (this.oneDimensional) {
			return new int[] { grow(input[0], this.left, this.right), input[1] };
		}
		return new int[] { grow(input[0], this.top, this.bottom), grow(input[1], this.left, this.right), input[2] };
	}

	private static int grow(int size, int before, int after) {
		if (size < 0) {
			return -1;
		}
		int grown = size + before + after;
		if (grown < 1) {
			throw new IllegalArgumentException("cropping leaves nothing of a length of " + size);
		}
		return grown;
	}

	@Override
	public NdArray apply(NdArray input) {
		int[] example = input.exampleShape();
		int[] outShape = outputShape(example);
		int height = this.oneDimensional ? 1 : example[0];
		int width = this.oneDimensional ? example[0] : example[1];
		int channels = input.last();
		int outHeight = this.oneDimensional ? 1 : outShape[0];
		int outWidth = this.oneDimensional ? outShape[0] : outShape[1];
		double[] out = new double[Math.toIntExact(NdArray.elements(input.batch(), outHeight, outWidth, channels))];
		for (int b = 0; b < input.batch(); b++) {
			for (int oy = 0; oy < outHeight; oy++) {
				int iy = oy - this.top;
				if (iy < 0 || iy >= height) {
					continue;
				}
				for (int ox = 0; ox < outWidth; ox++) {
					int ix = ox - this.left;
					if (ix >= 0 && ix < width) {
						System.arraycopy(input.data(), ((b * height + iy) * width + ix) * channels, out,
								((b * outHeight + oy) * outWidth + ox) * channels, channels);
					}
				}
			}
		}
		return new NdArray(Shapes.withBatch(input.batch(), outShape), out);
	}

}

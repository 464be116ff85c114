package io.modelhost.engine.keras;

import java.util.Locale;

/**
 * How a convolution or pooling window slides along one spatial axis, with the output size
 * and padding TensorFlow uses.
 *
 * @param size the window size
 * @param stride the step between windows
 * @param dilation the step between taps of one window
 * @param padding how the edges are treated
 */
record Window(int size, int stride, int dilation, Padding padding) {

	Window {
		if (size < 1 || stride < 1 || dilation < 1) {
			throw new IllegalArgumentException(
					"window size, stride and dilation must be >= 1 but were " + size + ", " + stride + ", " + dilation);
		}
	}

	/** The span of one window, dilation included. */
	int span() {
		return this.dilation * (this.size - 1) + 1;
	}

	/** The output length for an input of length {@code n} ({@code -1}: unknown). */
	int outputSize(int n) {
		if (n < 0) {
			return -1;
		}
		int out = switch (this.padding) {
			case VALID -> (n >= span()) ? (n - span()) / this.stride + 1 : 0;
			case SAME, CAUSAL -> (n + this.stride - 1) / this.stride;
		};
		if (out < 1) {
			throw new IllegalArgumentException(
					"an input of length " + n + " is shorter than the window (" + span() + ")");
		}
		return out;
	}

	/** How many padding positions come before the input of length {@code n}. */
	int padBefore(int n) {
		return switch (this.padding) {
			case VALID -> 0;
			case SAME -> Math.max((outputSize(n) - 1) * this.stride + span() - n, 0) / 2;
			case CAUSAL -> span() - 1;
		};
	}

	/** The padding modes Keras knows. */
	enum Padding {

		VALID, SAME,
		/**
		 * Only for Conv1D: all padding before the input, so no output sees the future.
		 */
		CAUSAL;

		static Padding of(LayerConfig config) {
			String name = config.text("padding", "valid");
			return switch (name.toLowerCase(Locale.ROOT)) {
				case "valid" -> VALID;
				case "same" -> SAME;
				case "causal" -> CAUSAL;
				default -> throw config.unsupported("padding '" + name + "' is not supported", null);
			};
		}

	}

}

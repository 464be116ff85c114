package io.modelhost.engine.keras;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The activation functions of Keras 2, by the names its configs use. All are element-wise
 * except {@link #SOFTMAX}, which normalises over the last axis.
 */
enum Activation {

	LINEAR("linear"), RELU("relu"), RELU6("relu6"), SIGMOID("sigmoid"),
	/** Keras 2's definition: {@code clip(0.2 x + 0.5, 0, 1)}. */
	HARD_SIGMOID("hard_sigmoid"), TANH("tanh"), SOFTMAX("softmax"), SOFTPLUS("softplus"), SOFTSIGN("softsign"),
	ELU("elu"), SELU("selu"), EXPONENTIAL("exponential"), SWISH("swish"), SILU("silu"),
	/** The exact GELU, {@code x Φ(x)}. */
	GELU("gelu"),
	/** The tanh approximation of GELU ({@code approximate=True}). */
	GELU_APPROXIMATE("gelu_approximate");

	private static final double SELU_ALPHA = 1.6732632423543772848170429916717;

	private static final double SELU_SCALE = 1.0507009873554804934193349852946;

	private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

	private final String kerasName;

	Activation(String kerasName) {
		this.kerasName = kerasName;
	}

	/** The activation Keras knows by this name. */
	static Optional<Activation> named(String name) {
		return Arrays.stream(values()).filter((activation) -> activation.kerasName.equals(name)).findFirst();
	}

	/** Every supported name, for messages. */
	static String names() {
		return Arrays.stream(values()).map((activation) -> activation.kerasName).collect(Collectors.joining(", "));
	}

	/** Applies the function to every element, in place; softmax over the last axis. */
	void applyInPlace(double[] values, int lastAxis) {
		if (this == LINEAR) {
			return;
		}
		if (this == SOFTMAX) {
			for (int offset = 0; offset < values.length; offset += lastAxis) {
				softmax(values, offset, lastAxis, 1);
			}
			return;
		}
		for (int i = 0; i < values.length; i++) {
			values[i] = apply(values[i]);
		}
	}

	/** The function of one value; not for {@link #SOFTMAX}. */
	double apply(double x) {
		return switch (this) {
			case LINEAR -> x;
			case RELU -> Math.max(x, 0);
			case RELU6 -> Math.min(Math.max(x, 0), 6);
			case SIGMOID -> sigmoid(x);
			case HARD_SIGMOID -> Math.min(Math.max(0.2 * x + 0.5, 0), 1);
			case TANH -> Math.tanh(x);
			case SOFTPLUS -> (x > 0) ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
			case SOFTSIGN -> x / (1 + Math.abs(x));
			case ELU -> (x > 0) ? x : Math.expm1(x);
			case SELU -> SELU_SCALE * ((x > 0) ? x : SELU_ALPHA * Math.expm1(x));
			case EXPONENTIAL -> Math.exp(x);
			case SWISH, SILU -> x * sigmoid(x);
			case GELU -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
			case GELU_APPROXIMATE -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
			case SOFTMAX -> throw new IllegalStateException("softmax is not element-wise");
		};
	}

	static double sigmoid(double x) {
		return (x >= 0) ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
	}

	/**
	 * Softmax in place over {@code length} elements starting at {@code offset}, each
	 * {@code stride} apart; the maximum is subtracted first so that exp never overflows.
	 */
	static void softmax(double[] values, int offset, int length, int stride) {
		double max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < length; i++) {
			max = Math.max(max, values[offset + i * stride]);
		}
		double sum = 0;
		for (int i = 0; i < length; i++) {
			int at = offset + i * stride;
			values[at] = Math.exp(values[at] - max);
			sum += values[at];
		}
		for (int i = 0; i < length; i++) {
			values[offset + i * stride] /= sum;
		}
	}

	@Override
	public String toString() {
		return this.kerasName.toLowerCase(Locale.ROOT);
	}

	/** The error function, which the JDK lacks, to about 1e-14. */
	static final class Erf {

		private Erf() {
		}

		static double erf(double x) {
			double a = Math.abs(x);
			double result = (a < 2.5) ? series(a) : 1 - continuedFraction(a);
			return Math.copySign(result, x);
		}

		/** The Maclaurin series; below 2.5 its terms lose at most three digits. */
		private static double series(double x) {
			double term = x;
			double sum = x;
			double square = x * x;
			for (int n = 1; n < 200; n++) {
				term *= -square / n;
				double next = term / (2 * n + 1);
				sum += next;
				if (Math.abs(next) < 1e-17 * Math.abs(sum)) {
					break;
				}
			}
			return 2 / Math.sqrt(Math.PI) * sum;
		}

		/**
		 * erfc by its continued fraction, evaluated from the tail; converges fast from
		 * 2.5.
		 */
		private static double continuedFraction(double x) {
			double tail = x;
			for (int k = 120; k >= 1; k--) {
				tail = x + (k / 2.0) / tail;
			}
			return Math.exp(-x * x) / Math.sqrt(Math.PI) / tail;
		}

	}

}

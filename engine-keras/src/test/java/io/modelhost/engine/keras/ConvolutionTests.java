package io.modelhost.engine.keras;

import io.modelhost.engine.keras.Window.Padding;
import org.junit.jupiter.api.Test;

import static io.modelhost.engine.keras.LayerCases.assertClose;
import static io.modelhost.engine.keras.LayerCases.wave;

/**
 * Conv2D against numpy: x = sin(0.7 i) as [1, 4, 5, 2], kernel = sin(0.3 i + 1) as [3, 3,
 * 2, 2], bias [0.1, -0.2]; expectations from {@code conv2d} in
 * fixtures/tools/make_keras_extra.py, which pads explicitly and slides the window.
 */
class ConvolutionTests {

	private static final NdArray INPUT = new NdArray(new int[] { 1, 4, 5, 2 }, wave(40, 0.7, 0));

	@Test
	void samePaddingWithStrideTwoMatchesNumpy() {
		assertClose(conv(2, 2, 1, Padding.SAME).apply(INPUT), new int[] { 1, 2, 3, 2 }, -0.250197951577, -1.04598430594,
				1.68584836926, 1.97806109992, -1.6013526429, -2.09786350374, -0.0870034402176, -0.651074246229,
				1.32967134405, 1.14340396373, -0.520354752565, -0.687693768717);
	}

	@Test
	void validPaddingWithUnevenStridesMatchesNumpy() {
		assertClose(conv(2, 1, 1, Padding.VALID).apply(INPUT), new int[] { 1, 1, 3, 2 }, 2.44805035985, 1.62902481359,
				1.68584836926, 1.97806109992, -1.70896612706, -1.28862716916);
	}

	@Test
	void samePaddingWithDilationTwoMatchesNumpy() {
		NdArray output = conv(1, 1, 2, Padding.SAME).apply(INPUT);
		assertClose(output, new int[] { 1, 4, 5, 2 }, 1.39441068612, 0.814440195948, -1.05666764697, -0.983809195046,
				-0.73015232015, -0.87454173569, -1.33215036995, -1.77038541357, -1.55653793115, -2.12731309402,
				0.158047749046, -0.0727178963027, -1.76604889746, -1.55604694538, -1.16325569216, -1.37124291538,
				-1.92180984922, -2.49088377194, -0.381781964433, -0.824443312962, -1.39343879317, -1.59678982502,
				1.61822197754, 1.11363793603, 1.02194089855, 0.683030373246, 1.08151295044, 1.1062872546, 1.06925786887,
				1.25176725012, 0.155500961258, -0.218980468049, 2.4122844809, 1.87043107318, 1.2861306721,
				1.06643773846, 1.37493648085, 1.60466556231, 0.286195049738, 0.188112629969);
	}

	private static Convolution conv(int rowStride, int columnStride, int dilation, Padding padding) {
		return new Convolution(new Window(3, rowStride, dilation, padding),
				new Window(3, columnStride, dilation, padding), 2, 2, wave(36, 0.3, 1), new double[] { 0.1, -0.2 },
				Activation.LINEAR, false);
	}

}

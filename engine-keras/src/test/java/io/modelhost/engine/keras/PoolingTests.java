package io.modelhost.engine.keras;

import io.modelhost.engine.keras.Window.Padding;
import org.junit.jupiter.api.Test;

import static io.modelhost.engine.keras.LayerCases.assertClose;
import static io.modelhost.engine.keras.LayerCases.wave;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pooling against numpy: x = sin(0.9 i + 0.5) as [1, 3, 3, 2]; expectations from
 * {@code pool2d} in fixtures/tools/make_keras_extra.py, which pads with NaN and takes
 * nanmax/nanmean, so padding never counts (TensorFlow's rule).
 */
class PoolingTests {

	private static final NdArray INPUT = new NdArray(new int[] { 1, 3, 3, 2 }, wave(18, 0.9, 0.5));

	@Test
	void maxPoolingWithSamePaddingIgnoresThePadding() {
		assertClose(pool(2, Padding.SAME, true).apply(INPUT), new int[] { 1, 2, 2, 2 }, 0.988168233877, 0.985449729988,
				-0.0751511204618, -0.827826469086, 0.508661464372, 0.990607355695, 0.722881349512, -0.0919068502277);
	}

	@Test
	void averagePoolingWithSamePaddingDividesByRealElementsOnly() {
		assertClose(pool(2, Padding.SAME, false).apply(INPUT), new int[] { 1, 2, 2, 2 }, 0.459855579957, 0.538896508893,
				-0.446714115763, -0.893375371874, -0.222678892765, 0.316189036729, 0.722881349512, -0.0919068502277);
	}

	@Test
	void averagePoolingWithStrideOneOverlaps() {
		assertClose(pool(1, Padding.VALID, false).apply(INPUT), new int[] { 1, 2, 2, 2 }, 0.459855579957,
				0.538896508893, 0.210111303632, -0.277681947326, 0.0422334458793, 0.465222130618, 0.536139981825,
				0.201317783564);
	}

	@Test
	void globalAveragePoolingKeepsDimensionsWhenAsked() {
		NdArray pooled = new Pooling.Global(false, true).apply(INPUT);
		assertThat(pooled.shape()).containsExactly(1, 1, 1, 2);
	}

	private static Pooling pool(int stride, Padding padding, boolean max) {
		return new Pooling(new Window(2, stride, 1, padding), new Window(2, stride, 1, padding), max, false);
	}

}

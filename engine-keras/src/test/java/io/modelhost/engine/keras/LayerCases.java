package io.modelhost.engine.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Inputs and weights for the per-layer tests: {@code sin(i * scale + phase)}, which numpy
 * computes the same way, so that the expected values printed by numpy (see each test)
 * need no data file.
 */
final class LayerCases {

	private LayerCases() {
	}

	static double[] wave(int n, double scale, double phase) {
		double[] values = new double[n];
		for (int i = 0; i < n; i++) {
			values[i] = Math.sin(i * scale + phase);
		}
		return values;
	}

	static void assertClose(NdArray actual, int[] shape, double... expected) {
		assertThat(actual.shape()).containsExactly(shape);
		assertThat(actual.data()).hasSize(expected.length);
		for (int i = 0; i < expected.length; i++) {
			assertThat(actual.data()[i]).as("element %d", i).isCloseTo(expected[i], within(1e-9));
		}
	}

}

package io.modelhost.engine.keras;

import org.junit.jupiter.api.Test;

import static io.modelhost.engine.keras.LayerCases.assertClose;
import static io.modelhost.engine.keras.LayerCases.wave;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GRU against numpy: x = sin(0.8 i + 0.2) as [1, 3, 2], kernel = sin(0.5 i + 0.3) as [2,
 * 6], recurrent kernel = sin(0.4 i + 1.3) as [2, 6]; expectations from {@code gru} in
 * fixtures/tools/make_keras_extra.py, written from Keras' equations.
 */
class RecurrentTests {

	private static final NdArray INPUT = new NdArray(new int[] { 1, 3, 2 }, wave(6, 0.8, 0.2));

	@Test
	void gruWithResetBeforeMatchesNumpy() {
		var cell = new GruCell(2, 2, wave(12, 0.5, 0.3), wave(12, 0.4, 1.3), wave(6, 0.6, 2), null, false,
				Activation.TANH, Activation.HARD_SIGMOID);
		assertClose(new Recurrent(cell, true, false).apply(INPUT), new int[] { 1, 3, 2 }, -0.301592308033,
				-0.404136009718, -0.354726583787, -0.472908010329, -0.320061479679, -0.459364912002);
	}

	@Test
	void gruWithResetAfterMatchesNumpy() {
		double[] bias = wave(12, 0.6, 2);
		var cell = new GruCell(2, 2, wave(12, 0.5, 0.3), wave(12, 0.4, 1.3), java.util.Arrays.copyOf(bias, 6),
				java.util.Arrays.copyOfRange(bias, 6, 12), true, Activation.TANH, Activation.SIGMOID);
		assertClose(new Recurrent(cell, true, false).apply(INPUT), new int[] { 1, 3, 2 }, -0.350221001522,
				-0.365467594326, -0.114831921637, -0.304097376754, 0.122428669315, -0.201072323407);
	}

	@Test
	void lastStepAloneEqualsTheLastOfTheSequence() {
		var cell = new SimpleRnnCell(2, 3, wave(6, 0.3, 0), wave(9, 0.2, 1), null, Activation.TANH);
		NdArray sequence = new Recurrent(cell, true, false).apply(INPUT);
		NdArray last = new Recurrent(cell, false, false).apply(INPUT);
		assertThat(last.data()).containsExactly(java.util.Arrays.copyOfRange(sequence.data(), 6, 9));
	}

	@Test
	void goingBackwardsReadsTheSequenceFromItsEnd() {
		var cell = new SimpleRnnCell(2, 3, wave(6, 0.3, 0), wave(9, 0.2, 1), null, Activation.TANH);
		double[] reversed = { INPUT.data()[4], INPUT.data()[5], INPUT.data()[2], INPUT.data()[3], INPUT.data()[0],
				INPUT.data()[1] };
		NdArray backwards = new Recurrent(cell, false, true).apply(INPUT);
		NdArray forwardsOnReversed = new Recurrent(cell, false, false)
			.apply(new NdArray(new int[] { 1, 3, 2 }, reversed));
		assertThat(backwards.data()).containsExactly(forwardsOnReversed.data());
	}

}

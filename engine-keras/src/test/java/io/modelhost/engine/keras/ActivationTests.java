package io.modelhost.engine.keras;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ActivationTests {

	@Test
	void errorFunctionMatchesKnownValuesOnBothBranches() {
		assertThat(Activation.Erf.erf(0)).isZero();
		assertThat(Activation.Erf.erf(0.5)).isCloseTo(0.5204998778130465, within(1e-14));
		assertThat(Activation.Erf.erf(1)).isCloseTo(0.8427007929497149, within(1e-14));
		assertThat(Activation.Erf.erf(-2)).isCloseTo(-0.9953222650189527, within(1e-14));
		assertThat(Activation.Erf.erf(3)).isCloseTo(0.9999779095030014, within(1e-14));
		assertThat(Activation.Erf.erf(6)).isCloseTo(1, within(1e-15));
	}

	@Test
	void hardSigmoidIsKeras2sPiecewiseLine() {
		assertThat(Activation.HARD_SIGMOID.apply(-3)).isZero();
		assertThat(Activation.HARD_SIGMOID.apply(1)).isCloseTo(0.7, within(1e-15));
		assertThat(Activation.HARD_SIGMOID.apply(3)).isEqualTo(1);
	}

	@Test
	void softplusDoesNotOverflowForLargeInputs() {
		assertThat(Activation.SOFTPLUS.apply(1000)).isEqualTo(1000);
		assertThat(Activation.SOFTPLUS.apply(-1000)).isZero();
	}

	@Test
	void knowsActivationsByTheirKerasNames() {
		assertThat(Activation.named("gelu")).contains(Activation.GELU);
		assertThat(Activation.named("my_custom_function")).isEmpty();
	}

}

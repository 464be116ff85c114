package io.modelhost.engine.keras;

import java.util.List;

import io.modelhost.engine.ModelRejectedException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static io.modelhost.engine.keras.LayerCases.assertClose;
import static io.modelhost.engine.keras.LayerCases.wave;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * BatchNormalization against numpy's {@code gamma (x - mean) / sqrt(var + eps) + beta}
 * with x = sin(1.1 i) as [2, 3].
 */
class BatchNormalizationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void normalisesWithMovingStatisticsMatchingNumpy() {
		NdArray output = layer("{\"axis\": -1, \"epsilon\": 0.001, \"center\": true, \"scale\": true}")
			.apply(new NdArray(new int[] { 2, 3 }, wave(6, 1.1, 0)));
		assertClose(output, new int[] { 2, 3 }, 0.1, 0.338278123364, -2.31177447182, -0.136500320602, -0.313090578401,
				0.710260948129);
	}

	@Test
	void refusesNormalisingOverAnAxisOtherThanTheLast() {
		BatchNormalization layer = layer("{\"axis\": [1]}");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> layer.outputShape(List.of(new int[] { 3, 4, 3 })))
			.withMessageContaining("not the last axis");
	}

	@Test
	void refusesNormalisingOverSeveralAxes() {
		assertThatExceptionOfType(ModelRejectedException.class).isThrownBy(() -> layer("{\"axis\": [1, 2]}"))
			.withMessageContaining("several axes");
	}

	private static BatchNormalization layer(String settings) {
		var config = new LayerConfig("BatchNormalization", "bn", JSON.readTree(settings));
		var weights = new LayerWeights("bn",
				List.of(weight("bn/gamma:0", 1.5, 0.5, -1.0), weight("bn/beta:0", 0.1, 0.2, 0.3),
						weight("bn/moving_mean:0", 0.0, 0.5, -0.5), weight("bn/moving_variance:0", 1.0, 2.0, 0.25)));
		return BatchNormalization.of(config, weights);
	}

	private static LayerWeights.Weight weight(String name, double... values) {
		return new LayerWeights.Weight(name, new int[] { values.length }, values);
	}

}

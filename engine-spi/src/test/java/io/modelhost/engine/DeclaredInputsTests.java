package io.modelhost.engine;

import java.util.List;

import io.modelhost.engine.TensorSignature.TensorSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeclaredInputsTests {

	private static final TensorSignature MODEL = new TensorSignature(
			List.of(new TensorSpec("image", DataType.FP32, List.of(-1L, 1L, -1L, 8L))),
			List.of(new TensorSpec("logits", DataType.FP32, List.of(-1L, 10L))));

	@Test
	void acceptsDeclarationsThatFixWhatTheModelLeavesFree() {
		assertThatCode(() -> DeclaredInputs.requireAgreement(MODEL,
				List.of(new TensorSpec("image", DataType.FP32, List.of(-1L, 1L, 8L, 8L)))))
			.doesNotThrowAnyException();
	}

	@Test
	void refusesOtherNamesTypesShapesOrRowsForTensors() {
		for (List<TensorSpec> wrong : List.of(List.of(new TensorSpec("x", DataType.FP32, List.of(-1L, 1L, 8L, 8L))),
				List.of(new TensorSpec("image", DataType.FP64, List.of(-1L, 1L, 8L, 8L))),
				List.of(new TensorSpec("image", DataType.FP32, List.of(-1L, 3L, 8L, 8L))),
				List.of(new TensorSpec("image", DataType.FP32, List.of(-1L, 64L))))) {
			assertThatExceptionOfType(ModelRejectedException.class)
				.isThrownBy(() -> DeclaredInputs.requireAgreement(MODEL, wrong))
				.satisfies((ex) -> assertThat(ex.phase()).isEqualTo(ModelRejectedException.Phase.VALIDATE));
		}
		var tabular = new TabularSignature(
				List.of(new TabularSignature.Feature("x1", TabularSignature.FeatureType.DOUBLE, List.of(), true)),
				new TabularSignature.Target("y", TabularSignature.Task.REGRESSION, List.of()));
		assertThatExceptionOfType(ModelRejectedException.class).isThrownBy(() -> DeclaredInputs
			.requireAgreement(tabular, List.of(new TensorSpec("x", DataType.FP32, List.of(-1L, 1L)))));
	}

}

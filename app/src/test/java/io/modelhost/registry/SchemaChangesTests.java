package io.modelhost.registry;

import java.time.Instant;
import java.util.List;

import io.modelhost.engine.DataType;
import io.modelhost.engine.ModelFormat;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.engine.TabularSignature.Target;
import io.modelhost.engine.TabularSignature.Task;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client of the served version would notice: each kind of difference, and the
 * widenings that are none.
 */
class SchemaChangesTests {

	private static final Target CLASSES = new Target("y", Task.CLASSIFICATION, List.of(0, 1, 2));

	@Test
	void sameSignatureIsCompatible() {
		ModelVersion served = version(tabular(feature("a"), feature("b")));
		assertThat(SchemaChanges.between(served, version(tabular(feature("a"), feature("b"))))).isEmpty();
	}

	@Test
	void namesEveryFeatureDifference() {
		ModelVersion served = version(tabular(feature("a"), feature("b"), feature("c"),
				new Feature("colour", FeatureType.STRING, List.of("red", "blue"), true, true)));
		ModelVersion candidate = version(new TabularSignature(
				List.of(new Feature("b", FeatureType.INTEGER, List.of(), true, true), feature("a"),
						new Feature("colour", FeatureType.STRING, List.of("red"), true, false)),
				new Target("y", Task.REGRESSION, List.of())));
		assertThat(SchemaChanges.between(served, candidate)).containsExactly(
				"feature 'b' changes type from double to " + "integer", "feature 'c' is removed",
				"feature 'colour' no longer takes [blue]", "feature 'colour' no longer accepts a missing value",
				"the features' order changes (rows given as arrays would be read wrongly): [a, b, colour] becomes "
						+ "[b, a, colour]",
				"the task changes from classification to regression");
	}

	@Test
	void aNewFeatureChangesWhatArraysMustHold() {
		ModelVersion served = version(tabular(feature("a")));
		var optional = new Feature("b", FeatureType.DOUBLE, List.of(), true, true);
		var required = new Feature("b", FeatureType.DOUBLE, List.of(), true, false);
		assertThat(SchemaChanges.between(served, version(tabular(feature("a"), optional))))
			.containsExactly("the number of features changes from 1 to 2 (rows given as arrays no longer fit)");
		assertThat(SchemaChanges.between(served, version(tabular(feature("a"), required)))).containsExactly(
				"feature 'b' is new and required",
				"the number of features changes from 1 to 2 (rows given as arrays no longer fit)");
	}

	@Test
	void floatAndDoubleAreTheSameToClientsAndOtherClassesAreNot() {
		ModelVersion served = version(tabular(feature("a")));
		assertThat(SchemaChanges.between(served,
				version(tabular(new Feature("a", FeatureType.FLOAT, List.of(), true, true)))))
			.isEmpty();
		ModelVersion relabelled = version(new TabularSignature(List.of(feature("a")),
				new Target("y", Task.CLASSIFICATION, List.of("setosa", "versicolor", "virginica"))));
		assertThat(SchemaChanges.between(served, relabelled))
			.containsExactly("the classes change from [0, 1, 2] to [setosa, versicolor, virginica]");
	}

	@Test
	void tensorInputsMayWidenButOutputsMustKeepTheirShape() {
		ModelVersion served = version(
				tensors(spec("input", DataType.FP32, -1, 4), spec("probabilities", DataType.FP32, -1, 3)));
		assertThat(SchemaChanges.between(served,
				version(tensors(spec("input", DataType.FP32, -1, -1), spec("probabilities", DataType.FP32, -1, 3)))))
			.isEmpty();
		assertThat(SchemaChanges.between(served,
				version(tensors(spec("input", DataType.FP64, -1, 1, 8, 8), spec("scores", DataType.FP32, -1, 10)))))
			.containsExactly("input 'input' changes type from FP32 to FP64",
					"input 'input' changes shape from [-1, 4] to [-1, 1, 8, 8]", "output 'probabilities' is removed");
		assertThat(SchemaChanges.between(served,
				version(tensors(spec("input", DataType.FP32, -1, 4), spec("probabilities", DataType.FP32, -1, 4)))))
			.containsExactly("output 'probabilities' changes shape from [-1, 3] to [-1, 4]");
	}

	@Test
	void featuresAndTensorsDoNotMix() {
		assertThat(SchemaChanges.between(version(tabular(feature("a"))),
				version(tensors(spec("a", DataType.FP32, -1, 1), spec("y", DataType.FP32, -1)))))
			.containsExactly("inputs change from named features to tensors");
	}

	private static Feature feature(String name) {
		return new Feature(name, FeatureType.DOUBLE, List.of(), true, true);
	}

	private static TabularSignature tabular(Feature... features) {
		return new TabularSignature(List.of(features), CLASSES);
	}

	private static TensorSpec spec(String name, DataType type, long... shape) {
		return new TensorSpec(name, type, java.util.Arrays.stream(shape).boxed().toList());
	}

	private static TensorSignature tensors(TensorSpec input, TensorSpec output) {
		return new TensorSignature(List.of(input), List.of(output));
	}

	private static ModelVersion version(ModelSignature signature) {
		var json = JsonNodeFactory.instance;
		return new ModelVersion("v", 1, new ModelFormat("onnx", "ONNX"), "engine", "file", 1, "sha", signature,
				json.objectNode(), json.objectNode(), List.of(), Instant.EPOCH, null, null, null, null);
	}

}

package io.modelhost.protocols.oip;

import java.util.Arrays;
import java.util.List;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TabularSignature.FeatureType;
import io.modelhost.engine.TabularSignature.Target;
import io.modelhost.engine.TabularSignature.Task;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FeatureInputsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TabularSignature signature = new TabularSignature(
			List.of(new Feature("size", FeatureType.DOUBLE, List.of(), true),
					new Feature("colour", FeatureType.STRING, List.of("red", "blue"), true),
					new Feature("ignored", FeatureType.INTEGER, List.of(), false)),
			new Target("label", Task.CLASSIFICATION, List.of(0, 1)));

	@Test
	void readsOneTensorPerFeatureInAnyOrderWithNullsAndUnusedFeaturesLeftOut() {
		ModelInput.Rows rows = decode("""
				{"inputs": [
				  {"name": "colour", "shape": [2, 1], "datatype": "BYTES", "data": [["red"], ["blue"]]},
				  {"name": "size", "shape": [2], "datatype": "INT32", "data": [3, null]}]}""");
		assertThat(rows.rows()).hasSize(2);
		assertThat(Arrays.asList(rows.rows().get(0))).containsExactly(3.0, "red", null);
		assertThat(Arrays.asList(rows.rows().get(1))).containsExactly(null, "blue", null);
	}

	@Test
	void readsRowsFromOneTensorNamedInput() {
		var numeric = new TabularSignature(
				List.of(new Feature("a", FeatureType.FLOAT, List.of(), true),
						new Feature("b", FeatureType.INTEGER, List.of(), true)),
				new Target("y", Task.REGRESSION, List.of()));
		ModelInput.Rows rows = new FeatureInputs(numeric, 100).decode(InferenceRequest.parse(JSON.readTree("""
				{"inputs": [{"name": "input", "shape": [2, 2], "datatype": "FP32", "data": [1, 2, 3.5, 4]}]}"""))
			.inputs());
		assertThat(rows.rows()).hasSize(2);
		assertThat(Arrays.asList(rows.rows().get(1))).containsExactly(3.5, 4.0);
	}

	@Test
	void pointsProblemsFoundInRowsBackIntoTheRequest() {
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class, () -> decode("""
				{"inputs": [{"name": "input", "shape": [2, 3], "datatype": "BYTES",
				  "data": [["1", "red", "1"], ["x", "blue", "2"]]}]}"""));
		assertThat(ex.problems()).extracting(InputProblem::pointer)
			.containsExactly("/inputs/0/data/0/0", "/inputs/0/data/1/0");
		assertThat(ex.problems().getFirst().detail()).contains("expected a number for feature 'size'");
	}

	@Test
	void refusesTensorsThatFitNoFeature() {
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class, () -> decode("""
				{"inputs": [
				  {"name": "size", "shape": [2], "datatype": "BYTES", "data": ["a", "b"]},
				  {"name": "weight", "shape": [2], "datatype": "FP64", "data": [1, 2]},
				  {"name": "colour", "shape": [3], "datatype": "BYTES", "data": ["red", "red", "red"]}]}"""));
		assertThat(ex.problems()).extracting(InputProblem::detail)
			.containsExactly(
					"input 'size' (double feature, FP64) takes any numeric datatype but the request says BYTES",
					"unknown input 'weight'; the model takes one tensor per feature (size, colour, ignored) or one "
							+ "tensor 'input' of rows");
	}

	@Test
	void refusesRowsOfTheWrongWidthAndMissingFeatures() {
		InvalidInputException wide = catchThrowableOfType(InvalidInputException.class, () -> decode("""
				{"inputs": [{"name": "input", "shape": [1, 2], "datatype": "FP64", "data": [1, 2]}]}"""));
		assertThat(wide.problems().getFirst().detail()).contains("[rows, 3]");
		InvalidInputException missing = catchThrowableOfType(InvalidInputException.class, () -> decode("""
				{"inputs": [{"name": "size", "shape": [1], "datatype": "FP64", "data": [1]}]}"""));
		assertThat(missing.problems()).extracting(InputProblem::detail)
			.containsExactly("missing input 'colour' (string feature, BYTES)");
	}

	private ModelInput.Rows decode(String body) {
		return new FeatureInputs(this.signature, 100).decode(InferenceRequest.parse(JSON.readTree(body)).inputs());
	}

}

package io.modelhost.engine.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Turns a fixture's reference JSON into model input, and checks a prediction against the
 * reference answer.
 */
public final class ReferenceCases {

	private ReferenceCases() {
	}

	/**
	 * The reference {@code inputs} (or named {@code instances}) as a batch for the given
	 * signature.
	 */
	public static ModelInput input(ModelSignature signature, JsonNode reference) {
		return input(signature, inputs(reference), 0, inputs(reference).size());
	}

	/**
	 * The reference's rows: {@code inputs}, or {@code instances} when the rows are named.
	 */
	public static JsonNode inputs(JsonNode reference) {
		return reference.has("inputs") ? reference.get("inputs") : reference.get("instances");
	}

	/**
	 * Rows {@code from} (inclusive) to {@code to} (exclusive) of the reference inputs.
	 */
	public static ModelInput input(ModelSignature signature, JsonNode inputs, int from, int to) {
		return switch (signature) {
			case TabularSignature tabular -> rows(tabular, inputs, from, to);
			case TensorSignature tensors -> tensors(tensors, inputs, from, to);
		};
	}

	private static ModelInput rows(TabularSignature signature, JsonNode inputs, int from, int to) {
		var rows = new ArrayList<@Nullable Object[]>();
		for (int i = from; i < to; i++) {
			JsonNode row = inputs.get(i);
			assertThat(row.size()).as("row length").isEqualTo(signature.features().size());
			Object[] values = new Object[row.size()];
			for (int j = 0; j < row.size(); j++) {
				JsonNode value = row.isObject() ? row.get(signature.features().get(j).name()) : row.get(j);
				assertThat(value).as("value of %s", signature.features().get(j).name()).isNotNull();
				values[j] = value.isNull() ? null : value.isNumber() ? (Object) value.asDouble() : value.asString();
			}
			rows.add(values);
		}
		return new ModelInput.Rows(rows);
	}

	private static ModelInput tensors(TensorSignature signature, JsonNode inputs, int from, int to) {
		assertThat(signature.inputs()).as("reference fixtures have one input").hasSize(1);
		TensorSignature.TensorSpec spec = signature.inputs().getFirst();
		var shape = new ArrayList<Long>();
		shape.add((long) (to - from));
		JsonNode example = inputs.get(from);
		while (example.isArray()) {
			shape.add((long) example.size());
			example = example.get(0);
		}
		var flat = new ArrayList<Double>();
		for (int i = from; i < to; i++) {
			flatten(inputs.get(i), flat);
		}
		Object data = switch (spec.type()) {
			case FP32 -> {
				float[] values = new float[flat.size()];
				for (int i = 0; i < values.length; i++) {
					values[i] = flat.get(i).floatValue();
				}
				yield values;
			}
			case FP64 -> flat.stream().mapToDouble(Double::doubleValue).toArray();
			default -> throw new IllegalArgumentException("reference inputs are floats, model wants " + spec.type());
		};
		return new ModelInput.Tensors(Map.of(spec.name(), new Tensor(spec.type(), shape, data)));
	}

	private static void flatten(JsonNode node, List<Double> into) {
		if (node.isArray()) {
			node.forEach((child) -> flatten(child, into));
		}
		else {
			into.add(node.asDouble());
		}
	}

	/**
	 * Asserts that a prediction for rows {@code from..to} matches the reference answer.
	 */
	public static void assertMatches(ModelSignature signature, Prediction prediction, JsonNode reference, int from,
			int to, double tolerance) {
		switch (prediction) {
			case Prediction.Values values ->
				assertValuesMatch((TabularSignature) signature, values, reference, from, to, tolerance);
			case Prediction.Tensors tensors -> assertTensorsMatch(tensors, reference, from, to, tolerance);
		}
	}

	private static void assertValuesMatch(TabularSignature signature, Prediction.Values prediction, JsonNode reference,
			int from, int to, double tolerance) {
		JsonNode expected = reference.get("predictions");
		assertThat(prediction.values()).hasSize(to - from);
		for (int i = from; i < to; i++) {
			assertSame(prediction.values().get(i - from), expected.get(i), tolerance, "prediction " + i);
		}
		JsonNode probabilities = reference.get("probabilities");
		if (probabilities != null) {
			assertThat(prediction.probabilities()).as("probabilities").isNotNull();
			JsonNode classes = reference.get("classes");
			List<Object> actualClasses = signature.target().classes();
			assertThat(actualClasses).hasSize(classes.size());
			for (int c = 0; c < classes.size(); c++) {
				assertSame(actualClasses.get(c), classes.get(c), 0, "class " + c);
			}
			for (int i = from; i < to; i++) {
				double[] actual = prediction.probabilities().get(i - from);
				assertThat(actual).hasSize(probabilities.get(i).size());
				for (int c = 0; c < actual.length; c++) {
					assertThat(actual[c]).as("probability of row %d, class %d", i, c)
						.isCloseTo(probabilities.get(i).get(c).asDouble(), within(tolerance));
				}
			}
		}
	}

	private static void assertSame(@Nullable Object actual, JsonNode expected, double tolerance, String what) {
		if (expected.isNumber()) {
			assertThat(actual).as(what).isInstanceOf(Number.class);
			assertThat(((Number) actual).doubleValue()).as(what).isCloseTo(expected.asDouble(), within(tolerance));
		}
		else {
			assertThat(String.valueOf(actual)).as(what).isEqualTo(expected.asString());
		}
	}

	private static void assertTensorsMatch(Prediction.Tensors prediction, JsonNode reference, int from, int to,
			double tolerance) {
		JsonNode expected = reference.get("outputs");
		Tensor output = prediction.outputs().values().iterator().next();
		assertThat(output.shape().getFirst()).as("batch dimension").isEqualTo((long) (to - from));
		var flat = new ArrayList<Double>();
		for (int i = from; i < to; i++) {
			flatten(expected.get(i), flat);
		}
		assertThat(output.size()).as("output elements").isEqualTo(flat.size());
		for (int i = 0; i < flat.size(); i++) {
			assertThat(((Number) output.element(i)).doubleValue()).as("output element %d", i)
				.isCloseTo(flat.get(i), within(tolerance));
		}
	}

}

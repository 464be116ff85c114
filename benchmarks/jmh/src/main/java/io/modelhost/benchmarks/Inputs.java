package io.modelhost.benchmarks;

import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.engine.testkit.ReferenceCases;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Prediction inputs built from a fixture's reference rows, the same values the engine
 * contract tests check answers for.
 */
final class Inputs {

	private Inputs() {
	}

	/**
	 * {@code rows} rows for the model: its reference rows, repeated in order as often as
	 * needed (the references hold 3 to 8 rows).
	 */
	static ModelInput rows(BenchmarkModel model, ModelSignature signature, int rows) {
		JsonNode reference = ReferenceCases.inputs(Fixtures.reference(model.fixture()));
		ArrayNode repeated = JsonNodeFactory.instance.arrayNode();
		for (int i = 0; i < rows; i++) {
			repeated.add(reference.get(i % reference.size()));
		}
		return ReferenceCases.input(signature, repeated, 0, rows);
	}

}

package io.modelhost.engine.jpmml;

import java.util.List;

import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.testkit.EngineContractTests;

class JpmmlEngineContractTests extends EngineContractTests {

	private static final ModelEngine ENGINE = new JpmmlEngine();

	@Override
	protected ModelEngine engine() {
		return ENGINE;
	}

	@Override
	protected List<String> fixtures() {
		return fixturesIn("sklearn", "sklearn-extra");
	}

	@Override
	protected List<String> foreignFixtures() {
		return fixturesIn("onnx", "torch", "keras");
	}

	@Override
	protected double tolerance() {
		return 1e-6;
	}

}

package io.modelhost.engine.onnx;

import java.util.List;

import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.testkit.EngineContractTests;

class OnnxEngineContractTests extends EngineContractTests {

	private final OnnxEngine engine = new OnnxEngine();

	@Override
	protected ModelEngine engine() {
		return this.engine;
	}

	@Override
	protected List<String> fixtures() {
		return List.of("onnx/iris_mlp.onnx", "onnx/digits_cnn.onnx");
	}

	@Override
	protected List<String> foreignFixtures() {
		return fixturesIn("sklearn", "torch", "keras", "malicious");
	}

	@Override
	protected double tolerance() {
		return 1e-5;
	}

}

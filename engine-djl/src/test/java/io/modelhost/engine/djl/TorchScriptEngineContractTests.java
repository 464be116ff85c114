package io.modelhost.engine.djl;

import java.util.List;

import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.testkit.EngineContractTests;

class TorchScriptEngineContractTests extends EngineContractTests {

	private final TorchScriptEngine engine = new TorchScriptEngine();

	@Override
	protected ModelEngine engine() {
		return this.engine;
	}

	@Override
	protected List<String> fixtures() {
		return List.of("torch/iris_mlp_torchscript.pt", "torch-extra/diabetes_mlp_scripted.pt",
				"torch-extra/iris_two_outputs_scripted.pt");
	}

	@Override
	protected List<String> foreignFixtures() {
		return fixturesIn("sklearn", "sklearn-extra", "onnx", "onnx-extra", "keras", "malicious");
	}

	@Override
	protected double tolerance() {
		return 1e-5;
	}

}

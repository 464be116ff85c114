package io.modelhost.engine.keras;

import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.ModelRejectedException.Phase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The config walk on plain JSON, without any HDF5 file. */
class ConfigScanTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DENSE = """
			{"class_name": "Dense", "config": {"name": "dense_1", "units": 2}}""";

	private static final String LAMBDA = """
			{"class_name": "Lambda", "config": {"name": "%s", "function": ["4wEAAAAA", null, null],
			 "function_type": "lambda", "module": "__main__"}}""";

	@Test
	void acceptsSupportedLayersInNestedModelsAndWrappers() {
		String inner = sequential("inner", DENSE);
		String wrapped = """
				{"class_name": "Bidirectional", "config": {"name": "bi", "merge_mode": "concat",
				 "layer": {"class_name": "LSTM", "config": {"name": "lstm_1", "units": 3}}}}""";
		assertThatCode(() -> ConfigScan.check(json(functional(inner, wrapped)))).doesNotThrowAnyException();
	}

	@Test
	void refusesALambdaAtTheTopLevelAsUnsafe() {
		ModelRejectedException thrown = refuse(sequential("top", DENSE, LAMBDA.formatted("scale_by_two")));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSAFE);
		assertThat(thrown.offendingImports()).containsExactly("Lambda:scale_by_two");
		assertThat(thrown.getMessage()).contains("'scale_by_two'").contains("Lambda layer").contains("Python code");
		assertThat(thrown.hint()).contains("model.save('model.h5')");
	}

	@Test
	void refusesALambdaInsideASequentialInsideAFunctionalModel() {
		String inner = sequential("inner", DENSE, LAMBDA.formatted("deep_code"));
		ModelRejectedException thrown = refuse(functional(inner, DENSE.replace("dense_1", "dense_2")));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSAFE);
		assertThat(thrown.offendingImports()).containsExactly("Lambda:deep_code");
	}

	@Test
	void refusesALambdaInsideAWrapperAndNamesEveryLambda() {
		String wrapped = """
				{"class_name": "TimeDistributed", "config": {"name": "td", "layer": %s}}"""
			.formatted(LAMBDA.formatted("in_wrapper"));
		ModelRejectedException thrown = refuse(sequential("top", wrapped, LAMBDA.formatted("second")));
		assertThat(thrown.offendingImports()).containsExactly("Lambda:in_wrapper", "Lambda:second");
		assertThat(thrown.getMessage()).contains("2 Lambda layers");
	}

	@Test
	void refusesACustomLayerClassNamingIt() {
		ModelRejectedException thrown = refuse(sequential("top", """
				{"class_name": "AttentionWithContext", "config": {"name": "attention"}}"""));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.phase()).isEqualTo(Phase.VALIDATE);
		assertThat(thrown.getMessage()).contains("'attention'").contains("'AttentionWithContext'").contains("custom");
	}

	@Test
	void refusesAKerasClassRegisteredFromAnotherModule() {
		ModelRejectedException thrown = refuse(sequential("top", """
				{"module": "my_project.layers", "class_name": "Dense", "registered_name": "Custom>Dense",
				 "config": {"name": "dense_x", "units": 1}}"""));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.getMessage()).contains("'dense_x'").contains("my_project.layers");
	}

	@Test
	void acceptsKerasModulesAndRegisteredNames() {
		assertThatCode(() -> ConfigScan.check(json(sequential("top", """
				{"module": "keras.layers", "class_name": "Dense", "registered_name": "Dense",
				 "config": {"name": "dense_x", "units": 1}}""")))).doesNotThrowAnyException();
	}

	@Test
	void refusesABuiltInLayerTheEngineDoesNotRunAsUnsupported() {
		ModelRejectedException thrown = refuse(sequential("top", """
				{"class_name": "Conv3D", "config": {"name": "volume"}}"""));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.getMessage()).isEqualTo("layer 'volume' (Conv3D): this layer is not supported");
		assertThat(thrown.hint()).contains("Conv2D").contains("ONNX");
	}

	@Test
	void refusesAModelThatIsNotSequentialOrFunctional() {
		ModelRejectedException thrown = refuse("""
				{"class_name": "MySubclassedModel", "config": {"name": "m"}}""");
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
	}

	private static ModelRejectedException refuse(String config) {
		return catchThrowableOfType(ModelRejectedException.class, () -> ConfigScan.check(json(config)));
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	private static String sequential(String name, String... layers) {
		return """
				{"class_name": "Sequential", "config": {"name": "%s", "layers": [%s]}}""".formatted(name,
				String.join(", ", layers));
	}

	private static String functional(String... layers) {
		return """
				{"class_name": "Model", "config": {"name": "outer", "layers": [%s],
				 "input_layers": [], "output_layers": []}}""".formatted(String.join(", ", layers));
	}

}

package io.modelhost.benchmarks;

import java.util.List;

/**
 * A model the benchmarks measure: one per file type the product serves, and the digits
 * CNN that the HTTP benchmark batches.
 *
 * @param key short name, used as the JMH parameter and in the results
 * @param fileType the file type it stands for, e.g. {@code .pkl}
 * @param fixture the fixture it starts from, under {@code fixtures/models}
 * @param convertToPmml whether the benchmark serves the PMML that admitting the fixture
 * produced, uploaded as a {@code .pmml} file of its own
 */
public record BenchmarkModel(String key, String fileType, String fixture, boolean convertToPmml) {

	/** Every model, in the order of the results table. */
	public static final List<BenchmarkModel> ALL = List.of(
			new BenchmarkModel("pkl", ".pkl", "sklearn/iris_logreg_pipeline.pkl", false),
			new BenchmarkModel("joblib", ".joblib", "sklearn/iris_rf.joblib", false),
			new BenchmarkModel("pmml", ".pmml", "sklearn/iris_rf.joblib", true),
			new BenchmarkModel("onnx", ".onnx", "onnx/iris_mlp.onnx", false),
			new BenchmarkModel("pt", ".pt", "torch/iris_mlp_torchscript.pt", false),
			new BenchmarkModel("h5", ".h5", "keras/simple_sparse_xent_mlp_keras_2_model.h5", false),
			new BenchmarkModel("cnn", ".onnx", "onnx/digits_cnn.onnx", false));

	/** The model with the given key. */
	public static BenchmarkModel named(String key) {
		return ALL.stream()
			.filter((model) -> model.key().equals(key))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no benchmark model '" + key + "'"));
	}

	/** What the results table calls it: the file as served. */
	public String label() {
		String name = this.fixture.substring(this.fixture.lastIndexOf('/') + 1);
		return this.convertToPmml ? name.substring(0, name.lastIndexOf('.')) + ".pmml (converted)" : name;
	}

}

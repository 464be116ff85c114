package io.modelhost.engine.keras;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.jhdf.HdfFile;
import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.DataType;
import io.modelhost.engine.EngineCatalog;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.ModelRejectedException.Phase;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

class KerasEngineTests {

	private static final AdmissionLimits LIMITS = new AdmissionLimits(64L * 1024 * 1024, 1000);

	private final KerasEngine engine = new KerasEngine();

	@TempDir
	Path work;

	@Test
	void readsTheSignatureOfAnMlp() throws IOException {
		assertThat(signature("keras/simple_sparse_xent_mlp_keras_2_model.h5")).isEqualTo(
				new TensorSignature(List.of(spec("dense_1_input", -1, 4)), List.of(spec("activation_1", -1, 3))));
	}

	@Test
	void readsTheSignatureOfAnLstmIgnoringItsFixedBatchSize() throws IOException {
		assertThat(signature("keras/simple_lstm_tf_keras_2_model.h5"))
			.isEqualTo(new TensorSignature(List.of(spec("lstm_1_input", -1, 1, 1)), List.of(spec("dense_1", -1, 1))));
	}

	@Test
	void readsSignaturesOfConvolutionRecurrentAndFunctionalModels() throws IOException {
		assertThat(signature("keras-extra/conv2d_same_strided.h5")).isEqualTo(
				new TensorSignature(List.of(spec("conv2d_1_input", -1, 7, 7, 2)), List.of(spec("dense_1", -1, 3))));
		assertThat(signature("keras-extra/gru_reset_after_and_before.h5"))
			.isEqualTo(new TensorSignature(List.of(spec("gru_1_input", -1, -1, 4)), List.of(spec("gru_2", -1, 3))));
		assertThat(signature("keras-extra/nested_sequential.h5"))
			.isEqualTo(new TensorSignature(List.of(spec("input_2", -1, 5)), List.of(spec("dense_7", -1, 2))));
		assertThat(signature("keras-extra/two_inputs_two_outputs.h5"))
			.isEqualTo(new TensorSignature(List.of(spec("left", -1, 3), spec("right", -1, 5)),
					List.of(spec("scores", -1, 2), spec("value", -1, 1))));
	}

	/**
	 * The fixture has no Keras predictions, so its numbers are checked against an LSTM
	 * written out here from Keras 2's equations, reading the weights with jhdf directly.
	 */
	@Test
	void simpleLstmMatchesAHandWrittenLstm() throws IOException {
		Path file = Fixtures.model("keras/simple_lstm_tf_keras_2_model.h5");
		float[][] kernel;
		float[][] recurrent;
		float[] bias;
		float[][] denseKernel;
		float[] denseBias;
		float[][][] inputs;
		try (HdfFile hdf = new HdfFile(file);
				HdfFile io = new HdfFile(Fixtures.model("keras/simple_lstm_tf_keras_2_inputs_and_outputs.h5"))) {
			kernel = (float[][]) hdf.getDatasetByPath("model_weights/lstm_1/lstm_1/kernel:0").getData();
			recurrent = (float[][]) hdf.getDatasetByPath("model_weights/lstm_1/lstm_1/recurrent_kernel:0").getData();
			bias = (float[]) hdf.getDatasetByPath("model_weights/lstm_1/lstm_1/bias:0").getData();
			denseKernel = (float[][]) hdf.getDatasetByPath("model_weights/dense_1/dense_1/kernel:0").getData();
			denseBias = (float[]) hdf.getDatasetByPath("model_weights/dense_1/dense_1/bias:0").getData();
			inputs = (float[][][]) io.getDatasetByPath("inputs/lstm_1_input").getData();
		}
		int rows = 10;
		float[] flat = new float[rows];
		for (int i = 0; i < rows; i++) {
			flat[i] = inputs[i][0][0];
		}
		try (LoadedModel model = admit("keras/simple_lstm_tf_keras_2_model.h5").model()) {
			Tensor output = ((Prediction.Tensors) model.predict(new ModelInput.Tensors(
					Map.of("lstm_1_input", new Tensor(DataType.FP32, List.of((long) rows, 1L, 1L), flat)))))
				.outputs()
				.get("dense_1");
			assertThat(output.shape()).containsExactly((long) rows, 1L);
			for (int i = 0; i < rows; i++) {
				double expected = handLstm(inputs[i], kernel, recurrent, bias, denseKernel, denseBias);
				assertThat(((float[]) output.data())[i]).as("row %d", i).isCloseTo((float) expected, within(1e-5f));
			}
		}
	}

	/**
	 * One sequence through LSTM(50, hard_sigmoid) and Dense(1), as Keras 2.0 defines
	 * them.
	 */
	private static double handLstm(float[][] sequence, float[][] kernel, float[][] recurrent, float[] bias,
			float[][] denseKernel, float[] denseBias) {
		int units = recurrent.length;
		double[] h = new double[units];
		double[] c = new double[units];
		for (float[] x : sequence) {
			double[] next = new double[units];
			for (int u = 0; u < units; u++) {
				double[] gate = new double[4];
				for (int g = 0; g < 4; g++) {
					int column = g * units + u;
					gate[g] = bias[column];
					for (int i = 0; i < x.length; i++) {
						gate[g] += x[i] * kernel[i][column];
					}
					for (int j = 0; j < units; j++) {
						gate[g] += h[j] * recurrent[j][column];
					}
				}
				double input = Math.clamp(0.2 * gate[0] + 0.5, 0, 1);
				double forget = Math.clamp(0.2 * gate[1] + 0.5, 0, 1);
				double output = Math.clamp(0.2 * gate[3] + 0.5, 0, 1);
				c[u] = forget * c[u] + input * Math.tanh(gate[2]);
				next[u] = output * Math.tanh(c[u]);
			}
			h = next;
		}
		double y = denseBias[0];
		for (int u = 0; u < units; u++) {
			y += h[u] * denseKernel[u][0];
		}
		return y;
	}

	@Test
	void predictsAModelWithTwoInputsAndTwoOutputs() throws IOException {
		JsonNode reference = JsonMapper.builder()
			.build()
			.readTree(Files.readString(Fixtures.model("keras-extra/two_inputs_two_outputs_reference.json")));
		try (LoadedModel model = admit("keras-extra/two_inputs_two_outputs.h5").model()) {
			Map<String, Tensor> inputs = new LinkedHashMap<>();
			for (String name : List.of("left", "right")) {
				inputs.put(name, matrix(reference.path("inputs").path(name)));
			}
			var outputs = ((Prediction.Tensors) model.predict(new ModelInput.Tensors(inputs))).outputs();
			assertThat(outputs.keySet()).containsExactly("scores", "value");
			for (String name : outputs.keySet()) {
				Tensor expected = matrix(reference.path("outputs").path(name));
				assertThat(outputs.get(name).shape()).isEqualTo(expected.shape());
				float[] actual = (float[]) outputs.get(name).data();
				for (int i = 0; i < actual.length; i++) {
					assertThat(actual[i]).isCloseTo(((float[]) expected.data())[i], within(1e-5f));
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "keras-extra/sequential_lambda.h5", "keras-extra/space_to_depth_graph_tensorflow_2.h5",
			"keras-extra/lambda_nested.h5", "keras-extra/lambda_in_time_distributed.h5" })
	void refusesEveryModelWithALambdaLayerAsUnsafe(String fixture) {
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class, () -> admit(fixture));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSAFE);
		assertThat(thrown.getMessage()).contains("Lambda layer");
		assertThat(thrown.offendingImports()).isNotEmpty().allMatch((name) -> name.startsWith("Lambda:"));
	}

	@Test
	void namesTheLambdaNestedInsideAnInnerSequential() {
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> admit("keras-extra/lambda_nested.h5"));
		assertThat(thrown.offendingImports()).containsExactly("Lambda:hidden_lambda");
		assertThat(thrown.getMessage()).contains("'hidden_lambda'");
	}

	@Test
	void refusesAWeightsOnlyFileWithAHintToSaveTheWholeModel() {
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> admit("keras-extra/weights_only.h5"));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.phase()).isEqualTo(Phase.VALIDATE);
		assertThat(thrown.getMessage()).contains("only weights").contains("save_weights");
		assertThat(thrown.hint()).contains("model.save('model.h5')");
	}

	@Test
	void refusesAnHdf5FileThatIsNotAKerasModel() {
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> admit("keras-extra/plain_data.h5"));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.phase()).isEqualTo(Phase.VALIDATE);
		assertThat(thrown.getMessage()).contains("without a Keras model_config");
	}

	@Test
	void refusesAKeras1Model() {
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> admit("keras-extra/dense_tensorflow_1.h5"));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.getMessage()).contains("Keras 1.2.2").contains("only Keras 2");
	}

	@Test
	void doesNotClaimATextFileNamedH5() throws IOException {
		Path text = Files.writeString(this.work.resolve("model.h5"), "just some text, not HDF5\n");
		assertThat(this.engine.detect(sample(text))).isEmpty();
	}

	@Test
	void claimsHdf5AfterAUserBlock() throws IOException {
		byte[] bytes = new byte[600];
		byte[] signature = { (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };
		System.arraycopy(signature, 0, bytes, 512, signature.length);
		Path file = Files.write(this.work.resolve("user-block.h5"), bytes);
		assertThat(this.engine.detect(sample(file))).map(FormatClaim::format).contains(KerasEngine.KERAS_H5);
	}

	@Test
	void refusesABrokenHdf5FileWithoutPaths() throws IOException {
		byte[] bytes = Files.readAllBytes(Fixtures.model("keras/ReLU_0_model.h5"));
		Path broken = Files.write(this.work.resolve("broken.h5"), java.util.Arrays.copyOf(bytes, 3000));
		FormatClaim claim = this.engine.detect(sample(broken)).orElseThrow();
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> this.engine.admit(broken, claim, this.work, LIMITS));
		assertThat(thrown.kind()).isEqualTo(Kind.INVALID);
		assertThat(thrown.getMessage()).doesNotContain(this.work.toString()).doesNotContain("io.jhdf");
	}

	@Test
	void claimsAKeras3ArchiveAndRefusesItAsAnUnsupportedFormat() throws IOException {
		Path archive = zip("model.keras", "metadata.json", "config.json", "model.weights.h5");
		FormatClaim claim = this.engine.detect(sample(archive)).orElseThrow();
		assertThat(claim.format()).isEqualTo(KerasEngine.KERAS_3);
		assertThat(this.engine.formats()).doesNotContain(KerasEngine.KERAS_3);
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> this.engine.admit(archive, claim, this.work, LIMITS));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.phase()).isEqualTo(Phase.DETECT);
		assertThat(thrown.getMessage()).isEqualTo("Keras 3 (.keras) files are not supported");
		assertThat(thrown.hint()).contains("model.save('model.h5')").contains("ONNX");
	}

	@Test
	void doesNotClaimOtherZipArchives() throws IOException {
		assertThat(this.engine.detect(sample(zip("model.pt", "archive/data.pkl", "archive/version")))).isEmpty();
	}

	@Test
	void refusesWeightsBeyondTheLimit() throws IOException {
		Path upload = Files.copy(Fixtures.model("keras/simple_lstm_tf_keras_2_model.h5"), this.work.resolve("m.h5"));
		FormatClaim claim = this.engine.detect(sample(upload)).orElseThrow();
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> this.engine.admit(upload, claim, this.work, new AdmissionLimits(10_000, 10)));
		assertThat(thrown.kind()).isEqualTo(Kind.TOO_LARGE);
	}

	@Test
	void refusesAnInputOfTheWrongShapeAsInvalidInput() throws IOException {
		try (LoadedModel model = admit("keras/simple_sparse_xent_mlp_keras_2_model.h5").model()) {
			var input = new ModelInput.Tensors(
					Map.of("dense_1_input", new Tensor(DataType.FP32, List.of(2L, 3L), new float[6])));
			InvalidInputException thrown = catchThrowableOfType(InvalidInputException.class,
					() -> model.predict(input));
			assertThat(thrown.problems()).singleElement().satisfies((problem) -> {
				assertThat(problem.pointer()).isEqualTo("/inputs/dense_1_input");
				assertThat(problem.detail()).contains("[-1, 4]").contains("[2, 3]");
			});
		}
	}

	@Test
	void refusesAnEmbeddingIndexOutOfRangeAsInvalidInput() throws IOException {
		try (LoadedModel model = admit("keras-extra/embedding_bidirectional.h5").model()) {
			float[] indices = new float[7];
			indices[3] = 20;
			var input = new ModelInput.Tensors(
					Map.of("embedding_1_input", new Tensor(DataType.FP32, List.of(1L, 7L), indices)));
			InvalidInputException thrown = catchThrowableOfType(InvalidInputException.class,
					() -> model.predict(input));
			assertThat(thrown.getMessage()).contains("embedding_1").contains("0 to 19").contains("20");
		}
	}

	@Test
	void acceptsAnyNumberOfTimeStepsWhereTheModelAllowsIt() throws IOException {
		try (LoadedModel model = admit("keras-extra/gru_reset_after_and_before.h5").model()) {
			for (long steps : new long[] { 1, 9 }) {
				var input = new ModelInput.Tensors(Map.of("gru_1_input",
						new Tensor(DataType.FP32, List.of(2L, steps, 4L), new float[(int) (8 * steps)])));
				Tensor output = ((Prediction.Tensors) model.predict(input)).outputs().get("gru_2");
				assertThat(output.shape()).containsExactly(2L, 3L);
			}
		}
	}

	@Test
	void servesTheUploadItselfAndNotesTheKerasVersion() throws IOException {
		AdmittedModel admitted = admit("keras/ReLU_0_model.h5");
		admitted.model().close();
		assertThat(admitted.servedFile()).isEqualTo("ReLU_0_model.h5");
		assertThat(admitted.format()).isEqualTo(KerasEngine.KERAS_H5);
		assertThat(admitted.notes()).singleElement().asString().contains("Keras 2.3.1");
		assertThat(this.work).isDirectoryContaining("glob:**/ReLU_0_model.h5");
	}

	@Test
	void aClosedModelRefusesToPredict() throws IOException {
		LoadedModel model = admit("keras/ReLU_0_model.h5").model();
		model.close();
		var input = new ModelInput.Tensors(
				Map.of("dense_input", new Tensor(DataType.FP32, List.of(1L, 16L), new float[16])));
		assertThat(catchThrowableOfType(PredictionFailedException.class, () -> model.predict(input)))
			.hasMessageContaining("closed");
	}

	@Test
	void isFoundByTheServiceLoader() {
		var catalog = EngineCatalog.discover(getClass().getClassLoader());
		assertThat(catalog.engine("keras")).containsInstanceOf(KerasEngine.class);
		assertThat(catalog.engineFor(KerasEngine.KERAS_H5)).isPresent();
	}

	private TensorSignature signature(String fixture) throws IOException {
		try (LoadedModel model = admit(fixture).model()) {
			return (TensorSignature) model.signature();
		}
	}

	private AdmittedModel admit(String fixture) throws IOException {
		Path upload = Files.copy(Fixtures.model(fixture), this.work.resolve(Path.of(fixture).getFileName()),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		FormatClaim claim = this.engine.detect(sample(upload)).orElseThrow();
		return this.engine.admit(upload, claim, this.work, LIMITS);
	}

	private Path zip(String name, String... entries) throws IOException {
		Path file = this.work.resolve(name);
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			for (String entry : entries) {
				zip.putNextEntry(new ZipEntry(entry));
				zip.write("{}".getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		return file;
	}

	private static TensorSpec spec(String name, long... shape) {
		return new TensorSpec(name, DataType.FP32, java.util.Arrays.stream(shape).boxed().toList());
	}

	private static Tensor matrix(JsonNode rows) {
		int columns = rows.get(0).size();
		float[] data = new float[rows.size() * columns];
		for (int r = 0; r < rows.size(); r++) {
			for (int c = 0; c < columns; c++) {
				data[r * columns + c] = (float) rows.get(r).get(c).asDouble();
			}
		}
		return new Tensor(DataType.FP32, List.of((long) rows.size(), (long) columns), data);
	}

	private static ArtifactSample sample(Path file) throws IOException {
		byte[] head;
		try (var in = Files.newInputStream(file)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		return new ArtifactSample(file, Files.size(file), head);
	}

}

package io.modelhost.engine.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.engine.testkit.ReferenceCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OnnxEngineTests {

	private static final AdmissionLimits LIMITS = new AdmissionLimits(64L * 1024 * 1024, 1000);

	private final OnnxEngine engine = new OnnxEngine();

	@TempDir
	Path work;

	@Test
	void readsTheSignatureOfIrisMlp() throws IOException {
		try (LoadedModel model = admit("onnx/iris_mlp.onnx").model()) {
			TensorSignature signature = (TensorSignature) model.signature();
			assertThat(signature.inputs()).containsExactly(new TensorSpec("input", DataType.FP32, List.of(-1L, 4L)));
			assertThat(signature.outputs()).singleElement().satisfies((output) -> {
				assertThat(output.type()).isEqualTo(DataType.FP32);
				assertThat(output.isBatched()).isTrue();
			});
		}
	}

	@Test
	void readsTheSignatureOfDigitsCnn() throws IOException {
		try (LoadedModel model = admit("onnx/digits_cnn.onnx").model()) {
			TensorSignature signature = (TensorSignature) model.signature();
			assertThat(signature.inputs())
				.containsExactly(new TensorSpec("image", DataType.FP32, List.of(-1L, 1L, 8L, 8L)));
			assertThat(signature.outputs()).hasSize(1);
		}
	}

	@Test
	void describesIrVersionAndProducerInItsClaim() throws IOException {
		FormatClaim claim = this.engine.detect(sample(Fixtures.model("onnx/iris_mlp.onnx"))).orElseThrow();
		assertThat(claim.format()).isEqualTo(OnnxEngine.ONNX);
		assertThat(claim.confidence()).isEqualTo(90);
		assertThat(claim.detail()).isEqualTo("ONNX model, IR version 7, produced by pytorch 1.13.0");
	}

	@Test
	void doesNotClaimRandomBytes() throws IOException {
		for (int seed = 0; seed < 200; seed++) {
			byte[] bytes = new byte[1 + new Random(seed).nextInt(4096)];
			new Random(seed).nextBytes(bytes);
			assertThat(this.engine.detect(sample(write("random-" + seed, bytes)))).as("seed %d", seed).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "just some text\nover two lines\n", "{\"inputs\": [[1, 2, 3, 4]]}",
			"<?xml version=\"1.0\"?>\n<PMML version=\"4.4\" xmlns=\"http://www.dmg.org/PMML-4_4\"></PMML>",
			"PK\u0003\u0004\u0014\u0000\u0000\u0000", "\u0089HDF\r\n\u001a\n\u0000\u0000" })
	void doesNotClaimTextXmlZipOrHdf5(String content) throws IOException {
		Path file = write("foreign", content.getBytes(StandardCharsets.ISO_8859_1));
		assertThat(this.engine.detect(sample(file))).isEmpty();
	}

	@Test
	void doesNotClaimAProtobufLookingPrefixFollowedByGarbage() throws IOException {
		var bytes = new ByteArrayOutputStream();
		bytes.writeBytes(new byte[] { 0x08, 0x07, 0x12, 0x07 });
		bytes.writeBytes("pytorch".getBytes(StandardCharsets.US_ASCII));
		bytes.writeBytes(new byte[] { (byte) 0xff, (byte) 0xfe, 0x00, 0x13, 0x37, (byte) 0x80, 0x01, 0x02 });
		assertThat(this.engine.detect(sample(write("garbage", bytes.toByteArray())))).isEmpty();
	}

	@Test
	void doesNotClaimAModelWithoutAGraph() throws IOException {
		byte[] bytes = { 0x08, 0x07, 0x12, 0x03, 'a', 'b', 'c' };
		assertThat(this.engine.detect(sample(write("no-graph", bytes)))).isEmpty();
	}

	@Test
	void doesNotClaimAnImplausibleIrVersion() throws IOException {
		byte[] bytes = Files.readAllBytes(Fixtures.model("onnx/iris_mlp.onnx"));
		bytes[1] = 0x7f;
		assertThat(this.engine.detect(sample(write("ir127", bytes)))).isEmpty();
	}

	@Test
	void readsPastTheHeadToClaimALargeModel() throws IOException {
		Path large = write("large.onnx", withLongDocString(Files.readAllBytes(Fixtures.model("onnx/iris_mlp.onnx"))));
		assertThat(Files.size(large)).isGreaterThan(ArtifactSample.HEAD_SIZE);
		FormatClaim claim = this.engine.detect(sample(large)).orElseThrow();
		JsonNode reference = Fixtures.reference("onnx/iris_mlp.onnx");
		try (LoadedModel model = this.engine.admit(large, claim, this.work, LIMITS).model()) {
			ModelInput batch = ReferenceCases.input(model.signature(), reference);
			ReferenceCases.assertMatches(model.signature(), model.predict(batch), reference, 0, batch.batchSize(),
					1e-5);
		}
	}

	@Test
	void doesNotClaimALargeModelCutShort() throws IOException {
		byte[] bytes = withLongDocString(Files.readAllBytes(Fixtures.model("onnx/iris_mlp.onnx")));
		Path cut = write("cut.onnx", java.util.Arrays.copyOf(bytes, bytes.length - 1));
		assertThat(this.engine.detect(sample(cut))).isEmpty();
	}

	@Test
	void servesTheUploadItself() throws IOException {
		AdmittedModel admitted = admit("onnx/iris_mlp.onnx");
		admitted.model().close();
		assertThat(admitted.servedFile()).isEqualTo("iris_mlp.onnx");
		assertThat(admitted.format()).isEqualTo(OnnxEngine.ONNX);
	}

	@Test
	void refusesAWrongShapedInputAsInvalidInput() throws IOException {
		try (LoadedModel model = admit("onnx/iris_mlp.onnx").model()) {
			var input = new ModelInput.Tensors(
					Map.of("input", new Tensor(DataType.FP32, List.of(2L, 3L), new float[6])));
			InvalidInputException thrown = catchThrowableOfType(InvalidInputException.class,
					() -> model.predict(input));
			assertThat(thrown.problems()).singleElement().satisfies((problem) -> {
				assertThat(problem.pointer()).isEqualTo("/inputs");
				assertThat(problem.detail()).contains("invalid dimensions").contains("Expected: 4");
			});
		}
	}

	@Test
	void refusesAnInputOfTheWrongTypeAsInvalidInput() throws IOException {
		try (LoadedModel model = admit("onnx/iris_mlp.onnx").model()) {
			var input = new ModelInput.Tensors(
					Map.of("input", new Tensor(DataType.FP64, List.of(1L, 4L), new double[4])));
			InvalidInputException thrown = catchThrowableOfType(InvalidInputException.class,
					() -> model.predict(input));
			assertThat(thrown.getMessage()).contains("tensor(double)").contains("tensor(float)");
		}
	}

	@Test
	void refusesExternalDataThatPointsOutsideTheModelFolder() throws IOException {
		Path folder = Files.createDirectories(this.work.resolve("a/b"));
		Path upload = Files.copy(Fixtures.model("onnx-extra/external_data_escape.onnx"), folder.resolve("model.onnx"));
		FormatClaim claim = this.engine.detect(sample(upload)).orElseThrow();
		ModelRejectedException admitted = catchThrowableOfType(ModelRejectedException.class,
				() -> this.engine.admit(upload, claim, folder, LIMITS));
		assertThat(admitted.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(admitted.phase()).isEqualTo(Phase.SCAN);
		assertThat(admitted.getMessage()).contains("external data").doesNotContain("passwd").doesNotContain("/");
		assertThat(admitted.hint()).contains("save_as_external_data=False");
		ModelRejectedException loaded = catchThrowableOfType(ModelRejectedException.class,
				() -> this.engine.load(upload, OnnxEngine.ONNX));
		assertThat(loaded.phase()).isEqualTo(Phase.LOAD);
		assertThat(loaded.getMessage()).doesNotContain("passwd");
	}

	@Test
	void passesEveryElementTypeThroughUnchanged() throws IOException {
		var inputs = Map.of("f32", tensor(DataType.FP32, new float[] { 1.5f, -2f, 0f, Float.MAX_VALUE }), "f64",
				tensor(DataType.FP64, new double[] { 1e-300, -2, 0.1, 3 }), "i64",
				tensor(DataType.INT64, new long[] { Long.MIN_VALUE, -1, 0, Long.MAX_VALUE }), "i32",
				tensor(DataType.INT32, new int[] { Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE }), "i16",
				tensor(DataType.INT16, new short[] { Short.MIN_VALUE, -1, 0, Short.MAX_VALUE }), "i8",
				tensor(DataType.INT8, new byte[] { Byte.MIN_VALUE, -1, 0, Byte.MAX_VALUE }), "u8",
				tensor(DataType.UINT8, new byte[] { 0, 1, (byte) 200, (byte) 255 }), "flag",
				tensor(DataType.BOOL, new boolean[] { true, false, false, true }), "text",
				tensor(DataType.BYTES, new String[] { "a", "", "ünïcode", "d e" }));
		try (LoadedModel model = admit("onnx-extra/identity_types.onnx").model()) {
			TensorSignature signature = (TensorSignature) model.signature();
			assertThat(signature.inputs()).extracting(TensorSpec::type)
				.containsExactly(DataType.FP32, DataType.FP64, DataType.INT64, DataType.INT32, DataType.INT16,
						DataType.INT8, DataType.UINT8, DataType.BOOL, DataType.BYTES);
			var outputs = ((Prediction.Tensors) model.predict(new ModelInput.Tensors(inputs))).outputs();
			assertThat(outputs.keySet())
				.containsExactlyElementsOf(signature.outputs().stream().map(TensorSpec::name).toList());
			inputs.forEach((name, tensor) -> assertThat(outputs.get(name + "_out")).as(name).isEqualTo(tensor));
		}
	}

	@Test
	void leavesOutOutputsThatAreNotTensors() throws IOException {
		AdmittedModel admitted = admit("onnx-extra/sequence_output.onnx");
		try (LoadedModel model = admitted.model()) {
			TensorSignature signature = (TensorSignature) model.signature();
			assertThat(signature.outputs()).extracting(TensorSpec::name).containsExactly("y");
			assertThat(admitted.notes()).singleElement().asString().contains("'items'").contains("sequence");
			Tensor x = tensor(DataType.FP32, new float[] { 1, 2, 3, 4 });
			var prediction = (Prediction.Tensors) model.predict(new ModelInput.Tensors(Map.of("x", x)));
			assertThat(prediction.outputs()).containsOnlyKeys("y").containsEntry("y", x);
		}
	}

	@Test
	void refusesAModelWithoutATensorOutput() {
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> admit("onnx-extra/only_sequence_output.onnx"));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.hint()).contains("zipmap");
	}

	@Test
	void refusesAnInputTypeThePlatformLacks() {
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> admit("onnx-extra/float16_input.onnx"));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.getMessage()).contains("'x'").contains("float16");
	}

	@Test
	void explainsALoadFailureWithoutPaths() {
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> admit("onnx-extra/unknown_operator.onnx"));
		assertThat(thrown.kind()).isEqualTo(Kind.INVALID);
		assertThat(thrown.phase()).isEqualTo(Phase.LOAD);
		assertThat(thrown.getMessage()).contains("No Op registered for NoSuchOperator")
			.doesNotContain(this.work.toString())
			.doesNotContain("Load model from");
	}

	@Test
	void explainsAnIrVersionTooNewWithoutPathsOrSourceLocations() throws IOException {
		byte[] bytes = Files.readAllBytes(Fixtures.model("onnx/iris_mlp.onnx"));
		bytes[1] = 15;
		Path upload = write("ir15.onnx", bytes);
		FormatClaim claim = this.engine.detect(sample(upload)).orElseThrow();
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> this.engine.admit(upload, claim, this.work, LIMITS));
		assertThat(thrown.getMessage())
			.startsWith("ONNX Runtime cannot load the model: Unsupported model IR version: 15")
			.doesNotContain(this.work.toString())
			.doesNotContain("model.cc")
			.doesNotContain("onnxruntime::");
	}

	@Test
	void refusesAGraphThatIsNotProtobuf() throws IOException {
		// ir_version 7, then a two-byte graph holding a tag whose value is missing
		Path upload = write("broken.onnx", new byte[] { 0x08, 0x07, 0x3a, 0x02, 0x0a, 0x05 });
		FormatClaim claim = this.engine.detect(sample(upload)).orElseThrow();
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> this.engine.admit(upload, claim, this.work, LIMITS));
		assertThat(thrown.kind()).isEqualTo(Kind.INVALID);
		assertThat(thrown.phase()).isEqualTo(Phase.SCAN);
	}

	@Test
	void isFoundByTheServiceLoader() {
		var catalog = EngineCatalog.discover(getClass().getClassLoader());
		assertThat(catalog.engine("onnx-runtime")).containsInstanceOf(OnnxEngine.class);
		assertThat(catalog.engineFor(OnnxEngine.ONNX)).isPresent();
	}

	private AdmittedModel admit(String fixture) throws IOException {
		Path upload = Files.copy(Fixtures.model(fixture), this.work.resolve(Path.of(fixture).getFileName()));
		FormatClaim claim = this.engine.detect(sample(upload)).orElseThrow();
		return this.engine.admit(upload, claim, this.work, LIMITS);
	}

	private Path write(String name, byte[] bytes) throws IOException {
		return Files.write(this.work.resolve(name), bytes);
	}

	private static Tensor tensor(DataType type, Object data) {
		return new Tensor(type, List.of(2L, 2L), data);
	}

	/**
	 * The model with a 100 KB doc_string (field 6) appended: still one valid ModelProto.
	 */
	private static byte[] withLongDocString(byte[] model) {
		int length = 100 * 1024;
		var bytes = new ByteArrayOutputStream();
		bytes.writeBytes(model);
		bytes.write(6 << 3 | 2);
		for (int rest = length; rest != 0; rest >>>= 7) {
			bytes.write((rest > 0x7f) ? (rest & 0x7f) | 0x80 : rest);
		}
		bytes.writeBytes("x".repeat(length).getBytes(StandardCharsets.US_ASCII));
		return bytes.toByteArray();
	}

	private static ArtifactSample sample(Path file) throws IOException {
		byte[] head;
		try (var in = Files.newInputStream(file)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		return new ArtifactSample(file, Files.size(file), head);
	}

}

package io.modelhost.engine.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TorchScriptEngineTests {

	private static final AdmissionLimits LIMITS = new AdmissionLimits(16L * 1024 * 1024, 100);

	private static final Path PWNED = Path.of("/tmp/model-host-pwned");

	private static final String IRIS = "torch/iris_mlp_torchscript.pt";

	private final TorchScriptEngine engine = new TorchScriptEngine();

	@TempDir
	Path work;

	@Test
	void readsTheSignatureOfIrisMlpFromItsFirstLinearLayer() throws IOException {
		AdmittedModel admitted = admit(IRIS);
		try (LoadedModel model = admitted.model()) {
			TensorSignature signature = (TensorSignature) model.signature();
			assertThat(signature.inputs()).containsExactly(new TensorSpec("x", DataType.FP32, List.of(-1L, 4L)));
			assertThat(signature.outputs()).containsExactly(new TensorSpec("output", DataType.FP32, List.of(-1L, 3L)));
			assertThat(admitted.notes()).singleElement().asString().contains("'net.0'");
		}
	}

	@Test
	void readsADoubleInputFromAScriptedModelWithNamedLayers() throws IOException {
		try (LoadedModel model = admit("torch-extra/diabetes_mlp_scripted.pt").model()) {
			TensorSignature signature = (TensorSignature) model.signature();
			assertThat(signature.inputs())
				.containsExactly(new TensorSpec("features", DataType.FP64, List.of(-1L, 10L)));
			assertThat(signature.outputs()).containsExactly(new TensorSpec("output", DataType.FP64, List.of(-1L, 1L)));
		}
	}

	@Test
	void servesEveryOutputOfATupleWithItsOwnType() throws IOException {
		JsonNode reference = Fixtures.reference("torch-extra/iris_two_outputs_scripted.pt");
		try (LoadedModel model = admit("torch-extra/iris_two_outputs_scripted.pt").model()) {
			TensorSignature signature = (TensorSignature) model.signature();
			assertThat(signature.outputs()).containsExactly(new TensorSpec("output_0", DataType.FP32, List.of(-1L, 3L)),
					new TensorSpec("output_1", DataType.INT64, List.of(-1L)));
			var outputs = ((Prediction.Tensors) model.predict(ReferenceCases.input(signature, reference))).outputs();
			float[] probabilities = (float[]) outputs.get("output_0").data();
			long[] labels = (long[]) outputs.get("output_1").data();
			assertThat(labels).hasSize(8);
			for (int row = 0; row < labels.length; row++) {
				assertThat(labels[row]).as("label of row %d", row).isEqualTo(argmax(probabilities, row * 3, 3));
			}
		}
	}

	@Test
	void namesTheOutputsOfADictByTheirKeys() throws IOException {
		try (LoadedModel model = admit("torch-extra/iris_dict_outputs_scripted.pt").model()) {
			TensorSignature signature = (TensorSignature) model.signature();
			assertThat(signature.outputs()).containsExactlyInAnyOrder(
					new TensorSpec("scores", DataType.FP32, List.of(-1L, 3L)),
					new TensorSpec("best", DataType.INT64, List.of(-1L)));
			float[] rows = { 1, 2, 3, 4, -4, -3, -2, -1 };
			var input = new ModelInput.Tensors(Map.of("x", new Tensor(DataType.FP32, List.of(2L, 4L), rows)));
			var outputs = ((Prediction.Tensors) model.predict(input)).outputs();
			float[] scores = (float[]) outputs.get("scores").data();
			assertThat((long[]) outputs.get("best").data()).containsExactly(argmax(scores, 0, 3), argmax(scores, 3, 3));
		}
	}

	@Test
	void claimsAStateDictAndRefusesItWithTheExportHint() throws IOException {
		Path upload = copy("torch/iris_mlp_state_dict.pth");
		FormatClaim claim = this.engine.detect(sample(upload)).orElseThrow();
		assertThat(claim.format()).isEqualTo(TorchScriptEngine.TORCHSCRIPT);
		assertThat(claim.detail()).contains("torch.save");
		ModelRejectedException thrown = rejected(upload, claim, LIMITS);
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.phase()).isEqualTo(Phase.VALIDATE);
		assertThat(thrown.getMessage()).contains("state_dict");
		assertThat(thrown.hint()).isEqualTo(TorchScriptEngine.TORCH_SAVE_HINT)
			.contains("torch.jit.save(torch.jit.script(model), \"model.pt\")")
			.contains("torch.onnx.export(...)");
	}

	@Test
	void refusesAWholePickledModuleLikeAStateDict() throws IOException {
		ModelRejectedException thrown = rejected(copy("torch-extra/digits_cnn_whole_module.pth"));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.phase()).isEqualTo(Phase.VALIDATE);
		assertThat(thrown.getMessage()).contains("pickled __main__.DigitsCnn");
		assertThat(thrown.hint()).isEqualTo(TorchScriptEngine.TORCH_SAVE_HINT);
	}

	@Test
	void refusesATorchSaveArchiveWithoutRunningItsPickle() throws IOException {
		ModelRejectedException thrown = rejected(copy("torch-extra/torch_save_os_system.pt"));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.hint()).isEqualTo(TorchScriptEngine.TORCH_SAVE_HINT);
		assertThat(PWNED).doesNotExist();
	}

	@Test
	void refusesTorchScriptWhosePickleNamesOsSystemBeforeLibtorchReadsIt() throws IOException {
		ModelRejectedException thrown = rejected(copy("torch-extra/scripted_os_system.pt"));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSAFE);
		assertThat(thrown.phase()).isEqualTo(Phase.SCAN);
		// the fixture's pickle is malformed as well as evil: refused as unreadable, never
		// run
		assertThat(thrown.getMessage()).contains("an unreadable pickle at data.pkl");
		assertThat(PWNED).doesNotExist();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					from_file_forward.pt       | aten::from_file (torch.from_file) in FromFileForward.forward at code/__torch__.py line 8
					from_file_setstate.pt      | aten::from_file (torch.from_file) in FromFileSetstate.__setstate__ at code/__torch__.py line 17
					from_file_submodule.pt     | aten::from_file (torch.from_file) in Reader.forward at code/__torch__.py line 21
					from_file_ops_aten.pt      | aten::from_file (torch.from_file) in FromFileOpsAten.forward at code/__torch__.py line 8
					from_file_odd_spacing.pt   | aten::from_file (torch.from_file) in Plain.forward at code/__torch__.py line 10
					from_file_alias.pt         | aten::from_file (torch.from_file) in Plain.forward at code/__torch__.py line 10
					from_file_string_method.pt | aten::from_file ((…).from_file(…)) in Plain.forward at code/__torch__.py line 10
					save_forward.pt            | aten::save (torch.save) in Plain.forward at code/__torch__.py line 10
					custom_op_namespace.pt     | evil::op (ops.evil.op) in Plain.forward at code/__torch__.py line 10
					torch_classes.pt           | __torch__.torch.classes.quantized.LinearPackedParamsBase.__new__ in Plain.forward at code/__torch__.py line 10
					""")
	void refusesHostileTorchScriptNamingTheOperatorAndWhereBeforeLibtorchLoadsIt(String fixture, String finding)
			throws IOException {
		ModelRejectedException thrown = rejected(copy("torch-hostile/" + fixture));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSAFE);
		assertThat(thrown.phase()).isEqualTo(Phase.SCAN);
		assertThat(thrown.getMessage()).startsWith("The model's TorchScript code calls what no model may: ")
			.contains(finding);
		assertThat(thrown.offendingImports()).isNotEmpty();
		// libtorch would have said "PyTorch cannot load" (INVALID, LOAD) or served the
		// file's bytes
		assertThat(thrown.getCause()).isNull();
	}

	@Test
	void refusesAtLoadAServedFileWhoseCodeWasSwappedForAForbiddenCall() throws IOException {
		AdmittedModel admitted = admit(IRIS);
		admitted.model().close();
		Path served = this.work.resolve(admitted.servedFile());
		Files.copy(Fixtures.model("torch-hostile/from_file_forward.pt"), served,
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> this.engine.load(served, TorchScriptEngine.TORCHSCRIPT));
		assertThat(thrown.phase()).isEqualTo(Phase.LOAD);
		assertThat(thrown.getMessage()).contains("aten::from_file (torch.from_file)");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			torch-extra/lstm_gru_scripted.pt                 | FP32  | -1,5,4
			torch-extra/transformer_encoder_scripted.pt      | INT64 | -1,6
			torch-extra/resnet_block_traced.pt               | FP32  | -1,3,8,8
			torch-extra/functional_control_flow_scripted.pt  | FP32  | -1,4
			torch-extra/digits_cnn_scripted.pt               | FP32  | -1,1,8,8
			""")
	void admitsAndRunsRealRecurrentConvolutionalAndTransformerModels(String fixture, DataType type, String shape)
			throws IOException {
		List<Long> dimensions = java.util.Arrays.stream(shape.split(",")).map(Long::valueOf).toList();
		Path upload = copy(fixture);
		var declared = List.of(new TensorSpec("x", type, dimensions));
		try (LoadedModel model = this.engine.admit(upload, claim(upload), this.work, LIMITS, declared).model()) {
			assertThat(((TensorSignature) model.signature()).inputs()).hasSize(1);
		}
	}

	@Test
	void refusesAModelWhoseFirstLayerDoesNotRevealTheInputShape() throws IOException {
		ModelRejectedException thrown = rejected(copy("torch-extra/transformer_encoder_scripted.pt"));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSUPPORTED);
		assertThat(thrown.phase()).isEqualTo(Phase.VALIDATE);
		assertThat(thrown.getMessage()).contains("does not reveal the shape of its input");
		assertThat(thrown.hint()).contains("torch.onnx.export").contains("Declare the input");
	}

	@Test
	void admitsAConvolutionalModelWithItsRankAndChannelsAndChecksTheSizeWhenItPredicts() throws IOException {
		String fixture = "torch-extra/digits_cnn_scripted.pt";
		Path upload = copy(fixture);
		JsonNode reference = Fixtures.reference(fixture);
		AdmittedModel admitted = this.engine.admit(upload, claim(upload), this.work, LIMITS);
		try (LoadedModel model = admitted.model()) {
			TensorSignature signature = (TensorSignature) model.signature();
			assertThat(signature.inputs().getFirst().shape()).containsExactly(-1L, 1L, -1L, -1L);
			assertThat(signature.outputs().getFirst().shape()).containsExactly(-1L, 10L);
			assertThat(admitted.notes()).anyMatch((note) -> note.contains("Conv2d") && note.contains("1 channels"));
			ModelInput batch = ReferenceCases.input(signature, reference);
			ReferenceCases.assertMatches(signature, model.predict(batch), reference, 0, batch.batchSize(), 1e-5);
			var wrongSize = new ModelInput.Tensors(Map.of(signature.inputs().getFirst().name(),
					new Tensor(DataType.FP32, List.of(1L, 1L, 5L, 5L), new float[25])));
			InvalidInputException thrown = catchThrowableOfType(InvalidInputException.class,
					() -> model.predict(wrongSize));
			assertThat(thrown).isNotNull();
			var wrongChannels = new ModelInput.Tensors(Map.of(signature.inputs().getFirst().name(),
					new Tensor(DataType.FP32, List.of(1L, 3L, 8L, 8L), new float[192])));
			assertThat(catchThrowableOfType(InvalidInputException.class, () -> model.predict(wrongChannels)))
				.isNotNull();
		}
	}

	@Test
	void admitsTheArchiveRepackedWithJavaZip() throws IOException {
		Path upload = write("repacked.pt", TestArchives.zip(TestArchives.entries(Fixtures.model(IRIS))));
		JsonNode reference = Fixtures.reference(IRIS);
		try (LoadedModel model = this.engine.admit(upload, claim(upload), this.work, LIMITS).model()) {
			ModelInput batch = ReferenceCases.input(model.signature(), reference);
			ReferenceCases.assertMatches(model.signature(), model.predict(batch), reference, 0, batch.batchSize(),
					1e-5);
		}
	}

	@Test
	void refusesAnEntryDeclaringFourGibibytesQuickly() throws IOException {
		byte[] zip = TestArchives.zipWith(Fixtures.model(IRIS), Map.of("archive/data/9", new byte[1024]));
		TestArchives.putInt(zip, TestArchives.central(zip, "archive/data/9") + 24, 0xfffffffe);
		ModelRejectedException thrown = rejectedQuickly(write("declared.pt", zip));
		assertThat(thrown.kind()).isEqualTo(Kind.TOO_LARGE);
		assertThat(thrown.phase()).isEqualTo(Phase.SCAN);
		assertThat(thrown.getMessage())
			.isEqualTo("The archive declares more than the 16777216 bytes of uncompressed data allowed");
	}

	@Test
	void refusesAHighlyCompressibleEntryBeyondTheLimitQuickly() throws IOException {
		byte[] zip = TestArchives.zipWith(Fixtures.model(IRIS), Map.of("archive/data/9", new byte[64 << 20]));
		assertThat(zip.length).isLessThan(1 << 20);
		ModelRejectedException thrown = rejectedQuickly(write("compressible.pt", zip));
		assertThat(thrown.kind()).isEqualTo(Kind.TOO_LARGE);
		assertThat(thrown.phase()).isEqualTo(Phase.SCAN);
	}

	@Test
	void stopsInflatingAnEntryThatLiesAboutItsSizeQuickly() throws IOException {
		byte[] zip = TestArchives.zipWith(Fixtures.model(IRIS), Map.of("archive/data/9", new byte[64 << 20]));
		TestArchives.putInt(zip, TestArchives.central(zip, "archive/data/9") + 24, 1000);
		ModelRejectedException thrown = rejectedQuickly(write("lying.pt", zip));
		assertThat(thrown.kind()).isEqualTo(Kind.INVALID);
		assertThat(thrown.phase()).isEqualTo(Phase.SCAN);
		assertThat(thrown.getMessage())
			.isEqualTo("Entry 'archive/data/9' inflates to more than the 1000 bytes it declares");
	}

	@ParameterizedTest
	@ValueSource(strings = { "../evil", "archive/../../evil", "/etc/evil", "C:/evil", "archive\\..\\evil" })
	void refusesAnEntryThatPointsOutsideTheArchiveQuickly(String name) throws IOException {
		byte[] zip = TestArchives.zipWith(Fixtures.model(IRIS), Map.of(name, "evil".getBytes()));
		ModelRejectedException thrown = rejectedQuickly(write("traversal.pt", zip));
		assertThat(thrown.kind()).isEqualTo(Kind.UNSAFE);
		assertThat(thrown.phase()).isEqualTo(Phase.SCAN);
		assertThat(thrown.getMessage()).contains(name);
	}

	@Test
	void refusesMoreEntriesThanAllowedQuickly() throws IOException {
		var more = new LinkedHashMap<String, byte[]>();
		for (int i = 0; i < LIMITS.maxArchiveEntries(); i++) {
			more.put("archive/extra/" + i, new byte[0]);
		}
		ModelRejectedException thrown = rejectedQuickly(
				write("many.pt", TestArchives.zipWith(Fixtures.model(IRIS), more)));
		assertThat(thrown.kind()).isEqualTo(Kind.TOO_LARGE);
		assertThat(thrown.getMessage()).isEqualTo("The archive holds 117 entries, more than the 100 allowed");
	}

	@Test
	void refusesAWrongShapedInputAsInvalidInput() throws IOException {
		try (LoadedModel model = admit(IRIS).model()) {
			var input = new ModelInput.Tensors(Map.of("x", new Tensor(DataType.FP32, List.of(2L, 3L), new float[6])));
			InvalidInputException thrown = catchThrowableOfType(InvalidInputException.class,
					() -> model.predict(input));
			assertThat(thrown.problems()).singleElement().satisfies((problem) -> {
				assertThat(problem.pointer()).isEqualTo("/inputs");
				assertThat(problem.detail())
					.isEqualTo("input 'x' must have shape [-1, 4] (-1: any size) but has [2, 3]");
			});
		}
	}

	@Test
	void refusesAnInputOfTheWrongTypeAsInvalidInput() throws IOException {
		try (LoadedModel model = admit(IRIS).model()) {
			var input = new ModelInput.Tensors(Map.of("x", new Tensor(DataType.FP64, List.of(1L, 4L), new double[4])));
			InvalidInputException thrown = catchThrowableOfType(InvalidInputException.class,
					() -> model.predict(input));
			assertThat(thrown.getMessage()).isEqualTo("input 'x' must be FP32 but is FP64");
		}
	}

	@Test
	void predictsFromManyVirtualThreadsWithFewPredictors() throws Exception {
		JsonNode reference = Fixtures.reference(IRIS);
		try (LoadedModel model = admit(IRIS).model(); var threads = Executors.newVirtualThreadPerTaskExecutor()) {
			ModelInput batch = ReferenceCases.input(model.signature(), reference);
			var tasks = new ArrayList<Callable<Prediction>>();
			for (int i = 0; i < 200; i++) {
				tasks.add(() -> model.predict(batch));
			}
			for (Future<Prediction> result : threads.invokeAll(tasks)) {
				ReferenceCases.assertMatches(model.signature(), result.get(), reference, 0, batch.batchSize(), 1e-5);
			}
		}
	}

	@Test
	void refusesToPredictOnceClosed() throws IOException {
		LoadedModel model = admit(IRIS).model();
		model.close();
		var input = new ModelInput.Tensors(Map.of("x", new Tensor(DataType.FP32, List.of(1L, 4L), new float[4])));
		assertThatIllegalStateException().isThrownBy(() -> model.predict(input)).withMessage("the model is closed");
	}

	@Test
	void servesTheUploadItself() throws IOException {
		AdmittedModel admitted = admit(IRIS);
		admitted.model().close();
		assertThat(admitted.servedFile()).isEqualTo("iris_mlp_torchscript.pt");
		assertThat(admitted.format()).isEqualTo(TorchScriptEngine.TORCHSCRIPT);
	}

	@Test
	void refusesToLoadAServedFileThatIsNoLongerAnArchive() throws IOException {
		AdmittedModel admitted = admit(IRIS);
		admitted.model().close();
		Path served = this.work.resolve(admitted.servedFile());
		Files.write(served, new byte[] { 'P', 'K', 3, 4, 0, 0 });
		ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
				() -> this.engine.load(served, TorchScriptEngine.TORCHSCRIPT));
		assertThat(thrown.phase()).isEqualTo(Phase.LOAD);
		assertThat(thrown.kind()).isEqualTo(Kind.INVALID);
	}

	@Test
	void explainsALibtorchLoadFailureWithoutPaths() throws IOException {
		Map<String, byte[]> entries = TestArchives.entries(Fixtures.model(IRIS));
		entries.remove("archive/version");
		Path upload = write("no-version.pt", TestArchives.zip(entries));
		ModelRejectedException thrown = rejected(upload);
		assertThat(thrown.kind()).isEqualTo(Kind.INVALID);
		assertThat(thrown.phase()).isEqualTo(Phase.LOAD);
		assertThat(thrown.getMessage()).startsWith("PyTorch cannot load the model: ")
			.contains("hasRecord(\"version\")")
			.doesNotContain("Could this error message be improved")
			.doesNotContain(this.work.toString())
			.doesNotContain("/pytorch/");
	}

	@ParameterizedTest
	@ValueSource(strings = { "keras3", "pickle", "text" })
	void doesNotClaimOtherZipsOrLegacyTorchPickles(String kind) throws IOException {
		byte[] bytes = switch (kind) {
			case "keras3" -> TestArchives.zip(Map.of("metadata.json", "{}".getBytes(), "config.json", "{}".getBytes(),
					"model.weights.h5", new byte[8]));
			// torch.save(..., _use_new_zipfile_serialization=False): a protocol-2 pickle
			// of the magic number 0x1950a86a20f9469cfc6c
			case "pickle" -> new byte[] { (byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46,
					(byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e };
			default -> "PK\u0003\u0004 but not a zip".getBytes();
		};
		assertThat(this.engine.detect(sample(write(kind, bytes)))).isEmpty();
	}

	@Test
	void isFoundByTheServiceLoader() {
		var catalog = EngineCatalog.discover(getClass().getClassLoader());
		assertThat(catalog.engine("djl-pytorch")).containsInstanceOf(TorchScriptEngine.class);
		assertThat(catalog.engineFor(TorchScriptEngine.TORCHSCRIPT)).isPresent();
	}

	private static long argmax(float[] values, int from, int length) {
		int best = 0;
		for (int i = 1; i < length; i++) {
			best = (values[from + i] > values[from + best]) ? i : best;
		}
		return best;
	}

	private ModelRejectedException rejectedQuickly(Path upload) throws IOException {
		long started = System.nanoTime();
		ModelRejectedException thrown = rejected(upload);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		return thrown;
	}

	private ModelRejectedException rejected(Path upload) throws IOException {
		return rejected(upload, claim(upload), LIMITS);
	}

	private ModelRejectedException rejected(Path upload, FormatClaim claim, AdmissionLimits limits) {
		return catchThrowableOfType(ModelRejectedException.class,
				() -> this.engine.admit(upload, claim, this.work, limits));
	}

	private AdmittedModel admit(String fixture) throws IOException {
		Path upload = copy(fixture);
		return this.engine.admit(upload, claim(upload), this.work, LIMITS);
	}

	private FormatClaim claim(Path upload) throws IOException {
		return this.engine.detect(sample(upload)).orElseThrow();
	}

	private Path copy(String fixture) throws IOException {
		return Files.copy(Fixtures.model(fixture), this.work.resolve(Path.of(fixture).getFileName()));
	}

	private Path write(String name, byte[] bytes) throws IOException {
		return Files.write(this.work.resolve(name), bytes);
	}

	private static ArtifactSample sample(Path file) throws IOException {
		byte[] head;
		try (var in = Files.newInputStream(file)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		return new ArtifactSample(file, Files.size(file), head);
	}

}

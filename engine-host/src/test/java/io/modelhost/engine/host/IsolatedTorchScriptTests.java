package io.modelhost.engine.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.DataType;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.engine.djl.TorchScriptEngine;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.engine.testkit.ReferenceCases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The TorchScript engine through a worker process, with real libtorch, compared with the
 * same engine in this process.
 */
class IsolatedTorchScriptTests {

	private static final AdmissionLimits LIMITS = new AdmissionLimits(64L * 1024 * 1024, 1000);

	private static final String IRIS = "torch/iris_mlp_torchscript.pt";

	private static final String DIGITS = "torch-extra/digits_cnn_scripted.pt";

	private static final TorchScriptEngine IN_PROCESS = new TorchScriptEngine();

	@TempDir
	static Path spool;

	static IsolatedEngine isolated;

	@TempDir
	Path work;

	@BeforeAll
	static void startWorker() {
		isolated = new IsolatedEngine(new TorchScriptEngine(), TestWorkers.torch(spool));
	}

	@AfterAll
	static void stopWorker() {
		isolated.close();
	}

	@Test
	void answersIrisAsTheEngineDoesInProcess() throws IOException {
		JsonNode reference = Fixtures.reference(IRIS);
		try (LoadedModel inProcess = admit(IN_PROCESS, IRIS, this.work.resolve("a"), List.of()).model();
				LoadedModel model = admit(isolated, IRIS, this.work.resolve("b"), List.of()).model()) {
			assertThat(model.signature()).isEqualTo(inProcess.signature());
			ModelInput batch = ReferenceCases.input(model.signature(), reference);
			ReferenceCases.assertMatches(model.signature(), model.predict(batch), reference, 0, batch.batchSize(),
					1e-5);
			assertThat(model.predict(batch)).isEqualTo(inProcess.predict(batch));
			assertThat(((IsolatedModel) model).workerResidentBytes()).isPositive();
		}
	}

	@Test
	void keepsDeclaredInputsFromAdmissionToLoad() throws IOException {
		JsonNode reference = Fixtures.reference(DIGITS);
		var declared = List.of(new TensorSpec("image", DataType.FP32, List.of(-1L, 1L, 8L, 8L)));
		AdmittedModel admitted = admit(isolated, DIGITS, this.work, declared);
		admitted.model().close();
		assertThat(this.work.resolve("torchscript-inputs.txt")).isRegularFile();
		try (LoadedModel model = isolated.load(this.work.resolve(admitted.servedFile()), admitted.format())) {
			assertThat(((TensorSignature) model.signature()).inputs()).isEqualTo(declared);
			ModelInput batch = ReferenceCases.input(model.signature(), reference);
			ReferenceCases.assertMatches(model.signature(), model.predict(batch), reference, 0, batch.batchSize(),
					1e-5);
		}
	}

	@Test
	void refusesATorchSaveArchiveExactlyAsInProcess() throws IOException {
		String fixture = "torch/iris_mlp_state_dict.pth";
		var expected = catchThrowableOfType(ModelRejectedException.class,
				() -> admit(IN_PROCESS, fixture, this.work.resolve("a"), List.of()));
		var actual = catchThrowableOfType(ModelRejectedException.class,
				() -> admit(isolated, fixture, this.work.resolve("b"), List.of()));
		assertThat(expected).isNotNull();
		assertThat(actual).isNotNull();
		assertThat(actual.kind()).isEqualTo(expected.kind());
		assertThat(actual.phase()).isEqualTo(expected.phase());
		assertThat(actual.getMessage()).isEqualTo(expected.getMessage());
		assertThat(actual.hint()).isEqualTo(expected.hint());
		assertThat(actual.offendingImports()).isEqualTo(expected.offendingImports());
	}

	@Test
	void refusesAModelThatLoopsForeverInTheAdmissionWorkerAndKeepsServingTheOthers() throws IOException {
		try (var engine = new IsolatedEngine(new TorchScriptEngine(), TestWorkers.torch(this.work.resolve("spool"))
			.withDeadlines(Duration.ofSeconds(5), Duration.ofSeconds(5)))) {
			JsonNode reference = Fixtures.reference(IRIS);
			try (LoadedModel iris = admit(engine, IRIS, this.work.resolve("iris"), List.of()).model()) {
				long serving = engine.workerPid().orElseThrow();
				long admitting = engine.admissionWorkerPid().orElseThrow();
				Path loop = this.work.resolve("loop");
				Files.createDirectories(loop);
				Path upload = loop.resolve("original");
				Files.copy(Path.of("src/test/resources/models/endless_loop_scripted.pt"), upload);
				long started = System.nanoTime();
				var refused = catchThrowableOfType(ModelRejectedException.class,
						() -> engine.admit(upload, TestWorkers.claim(engine, upload), loop, LIMITS, List.of()));
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				assertThat(refused).isNotNull();
				assertThat(refused.kind()).isEqualTo(Kind.TIMED_OUT);
				assertThat(refused.getMessage()).contains("took too long");
				assertThat(took).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(7));
				ProcessHandle.of(admitting)
					.ifPresent((process) -> assertThat(process.onExit()).succeedsWithin(Duration.ofSeconds(5)));
				ModelInput batch = ReferenceCases.input(iris.signature(), reference);
				ReferenceCases.assertMatches(iris.signature(), iris.predict(batch), reference, 0, batch.batchSize(),
						1e-5);
				assertThat(engine.workerPid().orElseThrow()).as("the serving worker was never touched")
					.isEqualTo(serving);
			}
		}
	}

	static AdmittedModel admit(io.modelhost.engine.ModelEngine engine, String fixture, Path work,
			List<TensorSpec> declared) throws IOException {
		Files.createDirectories(work);
		Path upload = work.resolve("original");
		Files.copy(Fixtures.model(fixture), upload, StandardCopyOption.REPLACE_EXISTING);
		return engine.admit(upload, TestWorkers.claim(engine, upload), work, LIMITS, declared);
	}

}

package io.modelhost.engine.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelEngine;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.Prediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The contract every engine meets, run against the engine's real fixture models. An
 * engine module extends this class and names its engine and fixtures; nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineContractTests {

	/** Limits generous enough for every fixture. */
	protected static final AdmissionLimits LIMITS = new AdmissionLimits(256L * 1024 * 1024, 10_000);

	@TempDir
	protected Path work;

	/** The engine under test, created once per test class. */
	protected abstract ModelEngine engine();

	/**
	 * Fixture models (paths under {@code fixtures/models}) this engine must admit and
	 * whose answers must match the reference JSON beside them.
	 */
	protected abstract List<String> fixtures();

	/** Fixture models of other formats that this engine must not claim. */
	protected abstract List<String> foreignFixtures();

	/** The largest difference from a reference number that still counts as a match. */
	protected abstract double tolerance();

	@ParameterizedTest
	@MethodSource("fixtures")
	void claimsEachFixture(String fixture) throws IOException {
		FormatClaim claim = claim(Fixtures.model(fixture));
		assertThat(engine().formats()).contains(claim.format());
	}

	@ParameterizedTest
	@MethodSource("foreignFixtures")
	void doesNotClaimOtherFormats(String fixture) throws IOException {
		assertThat(engine().detect(sample(Fixtures.model(fixture)))).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void admittedModelMatchesReference(String fixture) throws IOException {
		JsonNode reference = Fixtures.reference(fixture);
		try (LoadedModel model = admit(fixture).model()) {
			ModelInput batch = ReferenceCases.input(model.signature(), reference);
			Prediction prediction = model.predict(batch);
			ReferenceCases.assertMatches(model.signature(), prediction, reference, 0, batch.batchSize(), tolerance());
		}
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void reloadedModelMatchesReference(String fixture) throws IOException {
		JsonNode reference = Fixtures.reference(fixture);
		AdmittedModel admitted = admit(fixture);
		admitted.model().close();
		Path served = this.work.resolve(admitted.servedFile());
		assertThat(served).isRegularFile();
		try (LoadedModel model = engine().load(served, admitted.format())) {
			assertThat(model.signature()).isEqualTo(admitted.model().signature());
			ModelInput batch = ReferenceCases.input(model.signature(), reference);
			ReferenceCases.assertMatches(model.signature(), model.predict(batch), reference, 0, batch.batchSize(),
					tolerance());
		}
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void singleRowsMatchTheBatch(String fixture) throws IOException {
		JsonNode reference = Fixtures.reference(fixture);
		try (LoadedModel model = admit(fixture).model()) {
			int rows = ReferenceCases.inputs(reference).size();
			for (int i = 0; i < rows; i++) {
				ModelInput one = ReferenceCases.input(model.signature(), ReferenceCases.inputs(reference), i, i + 1);
				ReferenceCases.assertMatches(model.signature(), model.predict(one), reference, i, i + 1, tolerance());
			}
		}
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void predictsFromManyThreadsAtOnce(String fixture) throws Exception {
		JsonNode reference = Fixtures.reference(fixture);
		try (LoadedModel model = admit(fixture).model(); ExecutorService threads = Executors.newFixedThreadPool(4)) {
			ModelInput batch = ReferenceCases.input(model.signature(), reference);
			var tasks = new ArrayList<Callable<Prediction>>();
			for (int i = 0; i < 40; i++) {
				tasks.add(() -> model.predict(batch));
			}
			for (Future<Prediction> result : threads.invokeAll(tasks)) {
				ReferenceCases.assertMatches(model.signature(), result.get(), reference, 0, batch.batchSize(),
						tolerance());
			}
		}
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void closingTwiceIsHarmless(String fixture) throws IOException {
		LoadedModel model = admit(fixture).model();
		model.close();
		assertThatCode(model::close).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void rejectsATruncatedFile(String fixture) throws IOException {
		byte[] bytes = Files.readAllBytes(Fixtures.model(fixture));
		Path truncated = this.work.resolve("truncated");
		Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
		var claim = engine().detect(sample(truncated));
		if (claim.isPresent()) {
			Throwable thrown = catchThrowable(() -> engine().admit(truncated, claim.get(), this.work, LIMITS));
			assertThat(thrown).isInstanceOf(ModelRejectedException.class);
			assertThat(thrown.getMessage()).doesNotContain(this.work.toString());
		}
	}

	@Test
	void doesNotClaimAnEmptyFile() throws IOException {
		Path empty = Files.createFile(this.work.resolve("empty"));
		assertThat(engine().detect(sample(empty))).isEmpty();
	}

	/** Copies a fixture into the work directory and admits it. */
	protected AdmittedModel admit(String fixture) throws IOException {
		Path upload = Files.copy(Fixtures.model(fixture), this.work.resolve("original"));
		return engine().admit(upload, claim(upload), this.work, LIMITS);
	}

	/** The engine's claim on a file, which must exist. */
	protected FormatClaim claim(Path file) throws IOException {
		return engine().detect(sample(file))
			.orElseThrow(() -> new AssertionError(engine().id() + " does not claim " + file.getFileName()));
	}

	/** A sample of a file, as the platform builds one. */
	protected static ArtifactSample sample(Path file) throws IOException {
		byte[] head;
		try (var in = Files.newInputStream(file)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		return new ArtifactSample(file, Files.size(file), head);
	}

	/** Every file under {@code fixtures/models/<folder>} except JSON references. */
	protected static List<String> fixturesIn(String... folders) {
		var found = new ArrayList<String>();
		for (String folder : folders) {
			try (Stream<Path> files = Files.list(Fixtures.root().resolve("models").resolve(folder))) {
				files.map((file) -> folder + "/" + file.getFileName())
					.filter((name) -> !name.endsWith(".json") && !name.endsWith(".md"))
					.sorted()
					.forEach(found::add);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return found;
	}

}

package io.modelhost.engine.keras;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Files of a few kilobytes or megabytes that declare, or inflate to, gigabytes
 * (fixtures/models/hostile-memory, made by fixtures/tools/make_hostile_memory.py): each
 * is refused as too large quickly, and admission allocates a small fraction of what the
 * file declares.
 */
class HostileMemoryTests {

	private static final long LIMIT = 64L * 1024 * 1024;

	/**
	 * What admitting a hostile file may allocate on its thread: far below any of them.
	 */
	private static final long MAX_ALLOCATED = 48L * 1024 * 1024;

	private final KerasEngine engine = new KerasEngine();

	@TempDir
	Path work;

	@Test
	void refusesAKernelDeclaringGigabytesOfFillValuesBeforeReadingAnyWeight() throws IOException {
		Refusal refusal = admit("keras_fill_value_kernel.h5", LIMIT);
		assertThat(refusal.thrown().getMessage())
			.isEqualTo("The model's weights take 20000400000 bytes once read as 64-bit floats, more than the limit of "
					+ "67108864 bytes; the largest, 'dense_1/kernel:0', takes 20000000000");
		assertThat(refusal.allocated()).isLessThan(MAX_ALLOCATED);
	}

	@Test
	void refusesAKernelOfMoreElementsThanAnArrayHoldsWhateverTheLimit() throws IOException {
		Refusal refusal = admit("keras_fill_value_kernel.h5", Long.MAX_VALUE);
		assertThat(refusal.thrown().getMessage()).startsWith("Weight 'dense_1/kernel:0' declares shape [50000, 50000]");
		assertThat(refusal.allocated()).isLessThan(MAX_ALLOCATED);
	}

	@Test
	void stopsInflatingAChunkThatInflatesPastTheLargestChunkRead() throws IOException {
		Refusal refusal = admit("keras_deflate_bomb_chunk.h5", LIMIT);
		assertThat(refusal.thrown().getMessage()).contains("inflates to more than " + KerasFile.MAX_CHUNK_BYTES);
		// one bounded chunk and its buffer, not the gigabyte the stream holds
		assertThat(refusal.allocated()).isLessThan(4L * KerasFile.MAX_CHUNK_BYTES);
	}

	@Test
	void refusesLayerOutputsBeyondTheLimitBeforeRunningAnExample() throws IOException {
		Refusal refusal = admit("keras_repeat_vector_activations.h5", LIMIT);
		assertThat(refusal.thrown().getMessage()).isEqualTo("One example takes 1600008000 bytes of layer outputs "
				+ "while the model runs, more than the limit of 67108864 bytes");
		assertThat(refusal.allocated()).isLessThan(MAX_ALLOCATED);
	}

	@Test
	void admitsTheRealModelTheHostileOnesWereMadeFrom() throws IOException {
		Path upload = copy("keras/simple_sparse_xent_mlp_keras_2_model.h5");
		FormatClaim claim = this.engine.detect(sample(upload)).orElseThrow();
		this.engine.admit(upload, claim, this.work, new AdmissionLimits(LIMIT, 10)).model().close();
	}

	private Refusal admit(String fixture, long limit) throws IOException {
		Path upload = copy("hostile-memory/" + fixture);
		FormatClaim claim = this.engine.detect(sample(upload)).orElseThrow();
		var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			long before = threads.getCurrentThreadAllocatedBytes();
			ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
					() -> this.engine.admit(upload, claim, this.work, new AdmissionLimits(limit, 10)));
			long allocated = threads.getCurrentThreadAllocatedBytes() - before;
			assertThat(thrown).isNotNull();
			assertThat(thrown.kind()).isEqualTo(Kind.TOO_LARGE);
			return new Refusal(thrown, allocated);
		});
	}

	private Path copy(String fixture) throws IOException {
		return Files.copy(Fixtures.model(fixture), this.work.resolve(Path.of(fixture).getFileName()));
	}

	private static ArtifactSample sample(Path file) throws IOException {
		byte[] head;
		try (var in = Files.newInputStream(file)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		return new ArtifactSample(file, Files.size(file), head);
	}

	private record Refusal(ModelRejectedException thrown, long allocated) {

	}

}

package io.modelhost.engine.jpmml;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.InflaterInputStream;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.ArtifactSample;
import io.modelhost.engine.FormatClaim;
import io.modelhost.engine.ModelRejectedException;
import io.modelhost.engine.ModelRejectedException.Kind;
import io.modelhost.engine.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Pickles of a few kilobytes or megabytes that expand to, or declare, gigabytes
 * (fixtures/models/hostile-memory, made by fixtures/tools/make_hostile_memory.py): each
 * is refused as too large quickly, and admission allocates a small fraction of it.
 */
class HostileMemoryTests {

	private static final long LIMIT = 64L * 1024 * 1024;

	/**
	 * What admitting a hostile file may allocate on its thread: far below any of them.
	 */
	private static final long MAX_ALLOCATED = 48L * 1024 * 1024;

	private static final JpmmlEngine ENGINE = new JpmmlEngine();

	@TempDir
	Path work;

	@ParameterizedTest
	@ValueSource(strings = { "sklearn_xz_bomb.joblib", "sklearn_zlib_bomb.joblib" })
	void stopsDecompressingAJoblibFileThatExpandsToGigabytesAtTheLimit(String fixture) throws IOException {
		Refusal refusal = admit(fixture);
		assertThat(refusal.thrown().getMessage())
			.isEqualTo("the file expands to more than 67108864 bytes when decompressed");
		assertThat(refusal.allocated()).isLessThan(MAX_ALLOCATED);
		assertThat(this.work.resolve(JpmmlEngine.PICKLE_FILE)).doesNotExist();
	}

	@Test
	void refusesAPickleDeclaringAHugeArrayBeforeTheConverterAllocatesIt() throws IOException {
		Refusal refusal = admit("sklearn_ndarray_shape.pkl");
		// 9.6 GB for the coefficients, 72 bytes for classes_ and intercept_ before them
		assertThat(refusal.thrown().getMessage()).isEqualTo("the pickle declares more memory than allowed: an array "
				+ "of shape (20000, 20000) and 8-byte elements brings the arrays to 9600000072 bytes once unpickled, "
				+ "more than the limit of 67108864 bytes; it was not loaded");
		assertThat(refusal.allocated()).isLessThan(MAX_ALLOCATED);
	}

	@Test
	void countsJoblibArraysAsTheConverterWidensThem() throws IOException {
		// the zlib bomb's pickle holds one array of 2^28 float64: 2 GiB in the file,
		// three
		// times that as boxed values
		try (InputStream in = new InflaterInputStream(new BufferedInputStream(
				Files.newInputStream(Fixtures.model("hostile-memory/sklearn_zlib_bomb.joblib"))))) {
			var scanner = new PickleScanner(PickleAllowList.forScikitLearn()::allows, in, 4L * 1024 * 1024 * 1024);
			assertThatExceptionOfType(PickleTooLargeException.class).isThrownBy(scanner::scan)
				.withMessageContaining("shape (1, 268435456)")
				.withMessageContaining("6442451016 bytes"); // and 72 for the small arrays
															// before
		}
	}

	private Refusal admit(String fixture) throws IOException {
		Path upload = Files.copy(Fixtures.model("hostile-memory/" + fixture), this.work.resolve("original"));
		byte[] head;
		try (InputStream in = Files.newInputStream(upload)) {
			head = in.readNBytes(ArtifactSample.HEAD_SIZE);
		}
		FormatClaim claim = ENGINE.detect(new ArtifactSample(upload, Files.size(upload), head)).orElseThrow();
		var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			long before = threads.getCurrentThreadAllocatedBytes();
			ModelRejectedException thrown = catchThrowableOfType(ModelRejectedException.class,
					() -> ENGINE.admit(upload, claim, this.work, new AdmissionLimits(LIMIT, 10)));
			long allocated = threads.getCurrentThreadAllocatedBytes() - before;
			assertThat(thrown).isNotNull();
			assertThat(thrown.kind()).isEqualTo(Kind.TOO_LARGE);
			return new Refusal(thrown, allocated);
		});
	}

	private record Refusal(ModelRejectedException thrown, long allocated) {

	}

}

package io.modelhost.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.modelhost.engine.AdmissionLimits;
import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.ArtifactSample;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Admitting an upload (recognise, check, convert, load), the engine's share of an
 * upload's time before its first prediction. Each invocation admits a fresh copy of the
 * file into an empty directory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AdmitBenchmark {

	/** The server's defaults: 2 GB expanded, 10 000 archive entries. */
	private static final AdmissionLimits LIMITS = new AdmissionLimits(2L * 1024 * 1024 * 1024, 10_000);

	@Param({ "pkl", "joblib", "pmml", "onnx", "pt", "h5", "cnn" })
	public String model;

	private ServedModels.Served served;

	private Path work;

	private Path upload;

	private ArtifactSample sample;

	private AdmittedModel admitted;

	@Setup(Level.Trial)
	public void find() {
		this.served = ServedModels.open(this.model);
	}

	@Setup(Level.Invocation)
	public void copy() throws IOException {
		this.work = Files.createTempDirectory("admit-");
		Path original = this.served.servedFile().resolveSibling("original" + this.served.model().fileType());
		this.upload = Files.copy(original, this.work.resolve("upload"));
		this.sample = ServedModels.sample(this.upload);
	}

	@Benchmark
	public AdmittedModel admit() {
		var claim = this.served.engine()
			.detect(this.sample)
			.orElseThrow(() -> new IllegalStateException(this.model + " is not claimed by its engine"));
		this.admitted = this.served.engine().admit(this.upload, claim, this.work, LIMITS);
		return this.admitted;
	}

	@TearDown(Level.Invocation)
	public void clean() throws IOException {
		this.admitted.model().close();
		try (Stream<Path> files = Files.walk(this.work)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

}

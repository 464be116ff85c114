package io.modelhost.benchmarks;

import java.util.concurrent.TimeUnit;

import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
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
 * Prediction latency of a loaded model on one thread, as a worker of the scheduler runs
 * it: one row, and a batch of {@value #BATCH} rows (the scheduler's default largest
 * batch). Sampled, so that the results give percentiles, not only a mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PredictBenchmark {

	/** Rows in the batch benchmark: the scheduler's default max-batch-size. */
	static final int BATCH = 32;

	@Param({ "pkl", "joblib", "pmml", "onnx", "pt", "h5", "cnn" })
	public String model;

	private LoadedModel loaded;

	private ModelInput oneRow;

	private ModelInput batch;

	@Setup(Level.Trial)
	public void load() {
		ServedModels.Served served = ServedModels.open(this.model);
		this.loaded = served.engine().load(served.servedFile(), served.format());
		this.oneRow = Inputs.rows(served.model(), this.loaded.signature(), 1);
		this.batch = Inputs.rows(served.model(), this.loaded.signature(), BATCH);
	}

	@TearDown(Level.Trial)
	public void close() {
		this.loaded.close();
	}

	@Benchmark
	public Prediction singleRow() {
		return this.loaded.predict(this.oneRow);
	}

	@Benchmark
	public Prediction batchOf32() {
		return this.loaded.predict(this.batch);
	}

}

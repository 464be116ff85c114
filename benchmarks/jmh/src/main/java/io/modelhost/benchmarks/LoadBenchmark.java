package io.modelhost.benchmarks;

import java.util.concurrent.TimeUnit;

import io.modelhost.engine.LoadedModel;
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
 * Loading a model from its served file, as the runtime does on a cache miss or after a
 * restart. One load per iteration: the first iteration of each fork is a cold load (the
 * engine's classes and native libraries not loaded yet); the last {@value #WARM_LOADS},
 * after the JIT has seen the others, count as warm.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@Fork(3)
@Warmup(iterations = 0)
@Measurement(iterations = LoadBenchmark.LOADS)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoadBenchmark {

	/** Loads per fork. */
	static final int LOADS = 20;

	/** The loads at the end of each fork that count as warm. */
	static final int WARM_LOADS = 10;

	@Param({ "pkl", "joblib", "pmml", "onnx", "pt", "h5", "cnn" })
	public String model;

	private ServedModels.Served served;

	private LoadedModel loaded;

	@Setup(Level.Trial)
	public void find() {
		// reads a descriptor and creates the engine objects; neither starts an engine
		this.served = ServedModels.open(this.model);
	}

	@Benchmark
	public LoadedModel load() {
		this.loaded = this.served.engine().load(this.served.servedFile(), this.served.format());
		return this.loaded;
	}

	@TearDown(Level.Invocation)
	public void close() {
		this.loaded.close();
	}

}

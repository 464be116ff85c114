package io.modelhost.engine.djl;

import ai.djl.engine.Engine;
import io.modelhost.engine.SafeText;
import org.jspecify.annotations.Nullable;

/**
 * DJL's PyTorch engine, started on first use and then shared by every model of the
 * process: it loads libtorch (432 MB, extracted from the {@code pytorch-native-cpu} jar
 * into {@code DJL_CACHE_DIR}, {@code ~/.djl.ai} by default, on the first start of a
 * machine), which recognising a file must not pay for.
 *
 * <p>
 * Before DJL initialises, the system properties it reads are set, each only if the
 * deployment has not set it already, except offline mode, which is forced:
 * <ul>
 * <li>{@code ai.djl.offline=true}: DJL never downloads anything (with the
 * {@code pytorch-jni} and {@code pytorch-native-cpu} jars on the classpath it has no need
 * to); it also skips DJL's telemetry, which probes the EC2 metadata address.</li>
 * <li>{@code OPT_OUT_TRACKING=true}: the telemetry switch itself, in case offline mode is
 * lifted by the {@code DJL_OFFLINE} environment variable (which DJL reads first, and
 * which therefore must not be false: the engine refuses to start then).</li>
 * <li>{@code ai.djl.pytorch.num_threads=1}, {@code ai.djl.pytorch.num_interop_threads=1}:
 * each prediction runs on its caller's thread alone. On the 2-core machines this runs on,
 * libtorch's default pools (one thread per core for each) fight the request threads for
 * the cores: the engine study measured an iris p99 of 1.3 ms (batch 1) and 7.8 ms (batch
 * 64) with them, 139 µs and 80 µs without. Throughput comes from serving several requests
 * at once instead.</li>
 * <li>{@code ai.djl.pytorch.graph_optimizer=false}: the profiling graph executor
 * re-optimises a model during its first runs, and its setting is per thread, so callers
 * on ever new (virtual) threads would keep paying for it; the study's latencies above
 * were measured with it off, as DJL's performance guide advises.</li>
 * </ul>
 * Thread-safe.
 */
final class TorchRuntime {

	static final String ENGINE = "PyTorch";

	/** Null until the engine has started, then never changed. Guarded by this. */
	private @Nullable Engine engine;

	/**
	 * The started engine.
	 * @throws IllegalStateException if libtorch cannot start (a fault of the deployment,
	 * not of any model); the next call tries again
	 */
	synchronized Engine engine() {
		if (this.engine == null) {
			configure();
			try {
				this.engine = Engine.getEngine(ENGINE);
			}
			catch (RuntimeException | LinkageError ex) {
				throw new IllegalStateException("The PyTorch engine could not start: " + SafeText.describe(ex), ex);
			}
		}
		return this.engine;
	}

	/** Sets the system properties DJL reads when it starts, as the class comment says. */
	static void configure() {
		String offline = System.getenv("DJL_OFFLINE");
		if (offline != null && !Boolean.parseBoolean(offline)) {
			throw new IllegalStateException(
					"DJL_OFFLINE=" + offline + " in the environment would let DJL download libtorch: unset it");
		}
		System.setProperty("ai.djl.offline", "true");
		setIfAbsent("OPT_OUT_TRACKING", "true");
		setIfAbsent("ai.djl.pytorch.num_threads", "1");
		setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
		setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
	}

	private static void setIfAbsent(String property, String value) {
		if (System.getProperty(property) == null) {
			System.setProperty(property, value);
		}
	}

}

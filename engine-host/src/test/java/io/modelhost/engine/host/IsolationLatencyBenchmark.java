package io.modelhost.engine.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.djl.TorchScriptEngine;
import io.modelhost.engine.testkit.Fixtures;
import io.modelhost.engine.testkit.ReferenceCases;
import tools.jackson.databind.JsonNode;

/**
 * What a worker process adds to a prediction: the iris TorchScript fixture, batch 1,
 * predicted in this process and through an {@link IsolatedEngine} in the same run, calls
 * interleaved in rounds so that both see the same machine. Also prints the worker's
 * memory. Run with {@code engine-host/bench.sh}; not a test.
 */
public final class IsolationLatencyBenchmark {

	private static final int WARMUP = 20_000;

	private static final int ROUNDS = 10;

	private static final int CALLS_PER_ROUND = 5_000;

	private IsolationLatencyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path spool = Files.createTempDirectory("isolation-benchmark");
		String fixture = "torch/iris_mlp_torchscript.pt";
		JsonNode reference = Fixtures.reference(fixture);
		try (var isolated = new IsolatedEngine(new TorchScriptEngine(), TestWorkers.torch(spool))) {
			long started = System.nanoTime();
			isolated.start();
			long startMillis = (System.nanoTime() - started) / 1_000_000;
			try (LoadedModel inProcess = IsolatedTorchScriptTests
				.admit(new TorchScriptEngine(), fixture, spool.resolve("a"), List.of())
				.model();
					LoadedModel worker = IsolatedTorchScriptTests
						.admit(isolated, fixture, spool.resolve("b"), List.of())
						.model()) {
				ModelInput one = ReferenceCases.input(worker.signature(), ReferenceCases.inputs(reference), 0, 1);
				for (int i = 0; i < WARMUP; i++) {
					inProcess.predict(one);
					worker.predict(one);
				}
				long[] local = new long[ROUNDS * CALLS_PER_ROUND];
				long[] remote = new long[ROUNDS * CALLS_PER_ROUND];
				int n = 0;
				for (int round = 0; round < ROUNDS; round++) {
					for (int i = 0; i < CALLS_PER_ROUND; i++) {
						long t0 = System.nanoTime();
						inProcess.predict(one);
						long t1 = System.nanoTime();
						worker.predict(one);
						long t2 = System.nanoTime();
						local[n] = t1 - t0;
						remote[n] = t2 - t1;
						n++;
					}
				}
				double[] noop = noop(spool);
				Arrays.sort(local);
				Arrays.sort(remote);
				long pid = isolated.workerPid().orElseThrow();
				System.out.printf("sandbox: %s, worker start (prepare + first worker): %d ms%n",
						isolated.confined() ? "bubblewrap" : "none", startMillis);
				System.out.printf("calls: %d per side, batch 1, after %d warm-up calls%n", n, WARMUP);
				System.out.printf("in-process  p50 %6.1f µs  p99 %6.1f µs%n", micros(local, 0.50), micros(local, 0.99));
				System.out.printf("worker      p50 %6.1f µs  p99 %6.1f µs%n", micros(remote, 0.50),
						micros(remote, 0.99));
				System.out.printf("added       p50 %6.1f µs  p99 %6.1f µs  (ratio p50 %.2f)%n",
						micros(remote, 0.50) - micros(local, 0.50), micros(remote, 0.99) - micros(local, 0.99),
						micros(remote, 0.50) / micros(local, 0.50));
				System.out.printf("protocol alone (a no-op model in a second worker) p50 %6.1f µs  p99 %6.1f µs%n",
						noop[0], noop[1]);
				System.out.printf("worker memory with iris loaded: %s%n", status(pid));
				System.out.printf("worker reported resident growth for iris: %d KiB%n",
						((IsolatedModel) worker).workerResidentBytes() / 1024);
			}
		}
		FileTrees.delete(spool);
	}

	/** p50 and p99 of a model that does nothing, through its own worker. */
	private static double[] noop(Path spool) {
		try (var probe = new IsolatedEngine(new ProbeEngine(), TestWorkers.auto(spool))) {
			LoadedModel model = ProbeModels.admit(probe, spool.resolve("noop"));
			var input = new ModelInput.Rows(List.<Object[]>of(new Object[] { "noop" }));
			for (int i = 0; i < WARMUP; i++) {
				model.predict(input);
			}
			long[] times = new long[ROUNDS * CALLS_PER_ROUND];
			for (int i = 0; i < times.length; i++) {
				long t0 = System.nanoTime();
				model.predict(input);
				times[i] = System.nanoTime() - t0;
			}
			Arrays.sort(times);
			return new double[] { micros(times, 0.50), micros(times, 0.99) };
		}
	}

	private static double micros(long[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1000.0;
	}

	private static String status(long pid) throws IOException {
		return String.join(", ",
				Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))
					.stream()
					.filter((line) -> line.startsWith("VmRSS") || line.startsWith("VmHWM") || line.startsWith("VmSize")
							|| line.startsWith("VmPeak") || line.startsWith("Threads"))
					.map((line) -> line.replaceAll("\\s+", " "))
					.toList());
	}

}

package io.modelhost.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.modelhost.engine.LoadedModel;

/**
 * Memory of one loaded model, measured in a JVM of its own (run once per model by
 * {@link SixFormats}, never by JMH).
 *
 * <p>
 * Loads the model once (which also starts its engine: native libraries, thread pools),
 * then {@value #COPIES} more copies held at once; every copy predicts a batch first, as a
 * served model has. Prints one line of {@code key=value}:
 * <ul>
 * <li>{@code heap_bytes}: the object graph reachable from one loaded model (classes and
 * statics not counted), walked as the runtime's own measure walks it
 * ({@link HeapWalk});</li>
 * <li>{@code heap_growth_bytes}: used heap after a full GC, per further copy: a
 * cross-check, lower where copies share objects (interned names, cached factories);</li>
 * <li>{@code native_bytes}: resident memory per further copy less what the JVM committed
 * meanwhile (heap, metaspace, code cache): memory outside the Java heap, for engines that
 * hold it;</li>
 * <li>{@code engine_native_bytes}: the same for the first load, which pays for starting
 * the engine.</li>
 * </ul>
 */
public final class MemoryProbe {

	/**
	 * Copies loaded beyond the first: growth is divided by this to smooth allocator
	 * noise.
	 */
	static final int COPIES = 5;

	/** Full GCs asked for before a reading; one is not always enough for G1 to settle. */
	private static final int GC_ROUNDS = 3;

	private static final long SETTLE_MILLIS = 200;

	private static final Path STATUS = Path.of("/proc/self/status");

	private MemoryProbe() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("usage: MemoryProbe KEY   (with -D" + ServedModels.ROOT_PROPERTY + "=DIR)");
			System.exit(2);
		}
		ServedModels.Served served = ServedModels.open(args[0]);
		Reading start = Reading.now();
		LoadedModel first = warmed(served);
		Reading afterFirst = Reading.now();
		List<LoadedModel> copies = new ArrayList<>();
		for (int i = 0; i < COPIES; i++) {
			copies.add(warmed(served));
		}
		Reading afterCopies = Reading.now();
		long graph = new HeapWalk().sizeOf(first);
		System.out.printf(
				"key=%s heap_bytes=%d heap_growth_bytes=%d native_bytes=%d engine_native_bytes=%d "
						+ "holds_native=%b%n",
				args[0], graph, (afterCopies.heapUsed - afterFirst.heapUsed) / COPIES,
				afterCopies.outsideJvm(afterFirst) / COPIES, afterFirst.outsideJvm(start),
				served.engine().holdsNativeMemory());
		copies.forEach(LoadedModel::close);
		first.close();
	}

	private static LoadedModel warmed(ServedModels.Served served) {
		LoadedModel model = served.engine().load(served.servedFile(), served.format());
		model.predict(Inputs.rows(served.model(), model.signature(), PredictBenchmark.BATCH));
		return model;
	}

	/** Memory figures at one moment, after full GCs. */
	private record Reading(long rss, long committedByJvm, long heapUsed) {

		static Reading now() throws IOException, InterruptedException {
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			for (int i = 0; i < GC_ROUNDS; i++) {
				System.gc();
				Thread.sleep(SETTLE_MILLIS);
			}
			return new Reading(residentBytes(),
					memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted(),
					memory.getHeapMemoryUsage().getUsed());
		}

		/**
		 * Resident growth since {@code before} that the JVM's own commitments do not
		 * explain.
		 */
		long outsideJvm(Reading before) {
			return (this.rss - before.rss) - (this.committedByJvm - before.committedByJvm);
		}

		private static long residentBytes() throws IOException {
			for (String line : Files.readAllLines(STATUS)) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
			throw new IllegalStateException("no VmRSS in " + STATUS + ": this probe needs Linux");
		}

	}

}

package io.modelhost.trainer.images;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.modelhost.trainer.TrainingCancelledException;
import io.modelhost.trainer.TrainingFailedException;
import io.modelhost.trainer.TrainingMonitor;

/**
 * libtorch, through DJL's PyTorch engine, and the two things about it that belong to the
 * whole process: the number of intra-op threads and the random generator.
 *
 * <p>
 * Before DJL starts, the system properties it reads are set as engine-djl sets them, each
 * only if the host has not set it, except offline mode, which is forced:
 * {@code ai.djl.offline=true} (DJL never downloads; libtorch comes from the
 * {@code pytorch-native-cpu} jar), {@code OPT_OUT_TRACKING=true},
 * {@code ai.djl.pytorch.num_threads=1} and {@code ai.djl.pytorch.num_interop_threads=1}
 * (the inter-op count can only be set before libtorch's first use). A training then holds
 * {@link #hold the process's libtorch} while it runs: it sets the intra-op threads to its
 * request's {@code maxThreads} and seeds the generator, and restores the thread count
 * when done. Trainings in one process therefore run one at a time (the next waits, still
 * cancellable): run in parallel they would share both the threads and the generator, and
 * neither the thread budget nor the seed would hold.
 *
 * <p>
 * Thread-safe. The lock is static because what it guards, libtorch's state, is.
 */
final class Torch {

	static final String ENGINE = "PyTorch";

	/** Held by the one training that uses libtorch's global state. */
	private static final ReentrantLock TURN = new ReentrantLock(true);

	private Torch() {
	}

	/**
	 * Waits for this process's libtorch, then sets its threads and seed.
	 * @param maxThreads the most intra-op threads, capped at the machine's processors
	 * @throws TrainingCancelledException when the monitor cancels while waiting
	 * @throws TrainingFailedException when libtorch cannot start
	 */
	static Hold hold(int maxThreads, long seed, TrainingMonitor monitor) {
		try {
			while (!TURN.tryLock(200, TimeUnit.MILLISECONDS)) {
				Cancellation.check(monitor);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TrainingCancelledException("The training was interrupted while waiting for another to end.");
		}
		try {
			Engine engine = engine();
			int before = JniUtils.getNumThreads();
			JniUtils.setNumThreads(Math.min(maxThreads, Runtime.getRuntime().availableProcessors()));
			engine.setRandomSeed(Long.hashCode(seed));
			JniUtils.setSeed(seed);
			return () -> {
				try {
					JniUtils.setNumThreads(before);
				}
				finally {
					TURN.unlock();
				}
			};
		}
		catch (RuntimeException | LinkageError ex) {
			TURN.unlock();
			throw ex;
		}
	}

	/**
	 * The started PyTorch engine.
	 * @throws TrainingFailedException when libtorch cannot start (a fault of the
	 * deployment)
	 */
	static Engine engine() {
		configure();
		try {
			return Engine.getEngine(ENGINE);
		}
		catch (RuntimeException | LinkageError ex) {
			throw new TrainingFailedException("The PyTorch engine could not start on this server.", ex);
		}
	}

	/** Sets the system properties DJL reads when it starts, as the class comment says. */
	static void configure() {
		String offline = System.getenv("DJL_OFFLINE");
		if (offline != null && !Boolean.parseBoolean(offline)) {
			throw new TrainingFailedException(
					"DJL_OFFLINE=" + offline + " in the server's environment would let DJL download: unset it.");
		}
		System.setProperty("ai.djl.offline", "true");
		setIfAbsent("OPT_OUT_TRACKING", "true");
		setIfAbsent("ai.djl.pytorch.num_threads", "1");
		setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
	}

	private static void setIfAbsent(String property, String value) {
		if (System.getProperty(property) == null) {
			System.setProperty(property, value);
		}
	}

	/** A training's hold on libtorch; closing restores the thread count and lets go. */
	interface Hold extends AutoCloseable {

		@Override
		void close();

	}

}

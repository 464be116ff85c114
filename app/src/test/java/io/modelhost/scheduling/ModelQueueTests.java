package io.modelhost.scheduling;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.modelhost.engine.DataType;
import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.Tensor;
import io.modelhost.engine.TensorSignature;
import io.modelhost.runtime.ModelLease;
import io.modelhost.scheduling.internal.ModelQueue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ModelQueueTests {

	private static final long LONG_DEADLINE = TimeUnit.SECONDS.toNanos(30);

	@Test
	void refusesARequestAtOnceWhenTheQueueIsFull() throws Exception {
		var gate = new CountDownLatch(1);
		var model = new DoublingModel(gate);
		var queue = new ModelQueue("a", settings(2, 1, 1, Duration.ZERO), () -> lease(model));
		CompletableFuture<Outcome> running = queue.submit(input(1), deadline());
		model.started.await();
		CompletableFuture<Outcome> second = queue.submit(input(2), deadline());
		CompletableFuture<Outcome> third = queue.submit(input(3), deadline());
		assertThatExceptionOfType(QueueFullException.class).isThrownBy(() -> queue.submit(input(4), deadline()))
			.satisfies((ex) -> assertThat(ex.capacity()).isEqualTo(2));

		var other = new ModelQueue("b", settings(2, 1, 1, Duration.ZERO), () -> lease(new DoublingModel(null)));
		assertThat(values(other.submit(input(5), deadline()).get(5, TimeUnit.SECONDS))).containsExactly(10f);

		gate.countDown();
		assertThat(values(running.get(5, TimeUnit.SECONDS))).containsExactly(2f);
		assertThat(values(second.get(5, TimeUnit.SECONDS))).containsExactly(4f);
		assertThat(values(third.get(5, TimeUnit.SECONDS))).containsExactly(6f);
	}

	@Test
	void batchesRequestsArrivingWithinMaxDelayAndSplitsTheAnswers() throws Exception {
		var gate = new CountDownLatch(1);
		var model = new DoublingModel(gate);
		var queue = new ModelQueue("a", settings(100, 1, 8, Duration.ofMillis(50)), () -> lease(model));
		CompletableFuture<Outcome> first = queue.submit(input(1), deadline());
		model.started.await();
		var waiting = new ArrayList<CompletableFuture<Outcome>>();
		for (int i = 2; i <= 7; i++) {
			waiting.add(queue.submit(input(i, i * 10), deadline()));
		}
		gate.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS).batchSize()).isEqualTo(1);
		for (int i = 0; i < waiting.size(); i++) {
			Outcome outcome = waiting.get(i).get(5, TimeUnit.SECONDS);
			int n = i + 2;
			assertThat(values(outcome)).containsExactly(2f * n, 2f * n * 10);
			assertThat(outcome.batchSize()).isEqualTo((i < 4) ? 4 : 2);
		}
		// 6 requests of 2 rows each, at most 8 rows a batch: 4 + 2 requests
		assertThat(model.batchRows).containsExactly(1, 8, 4);
	}

	@Test
	void runsRequestsOfDifferentShapesInSeparateBatches() throws Exception {
		var gate = new CountDownLatch(1);
		var model = new DoublingModel(gate);
		var queue = new ModelQueue("a", settings(100, 1, 32, Duration.ofMillis(20)), () -> lease(model));
		queue.submit(input(1), deadline());
		model.started.await();
		CompletableFuture<Outcome> narrow = queue.submit(input(1), deadline());
		CompletableFuture<Outcome> wide = queue.submit(wide(), deadline());
		gate.countDown();
		assertThat(narrow.get(5, TimeUnit.SECONDS).batchSize()).isEqualTo(1);
		assertThat(values(wide.get(5, TimeUnit.SECONDS))).containsExactly(2f, 4f);
	}

	@Test
	void failsARequestWhoseDeadlinePassedWhileQueued() throws Exception {
		var gate = new CountDownLatch(1);
		var model = new DoublingModel(gate);
		var queue = new ModelQueue("a", settings(10, 1, 1, Duration.ZERO), () -> lease(model));
		queue.submit(input(1), deadline());
		model.started.await();
		CompletableFuture<Outcome> late = queue.submit(input(2), System.nanoTime() + 1_000_000);
		Thread.sleep(20);
		gate.countDown();
		assertThat(late).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(DeadlineExceededException.class);
		assertThat(model.batchRows).containsExactly(1);
	}

	@Test
	void takesACancelledRequestOutOfTheQueue() throws Exception {
		var gate = new CountDownLatch(1);
		var model = new DoublingModel(gate);
		var queue = new ModelQueue("a", settings(1, 1, 1, Duration.ZERO), () -> lease(model));
		queue.submit(input(1), deadline());
		model.started.await();
		CompletableFuture<Outcome> abandoned = queue.submit(input(2), deadline());
		assertThat(queue.depth()).isEqualTo(1);
		queue.cancel(abandoned);
		assertThat(queue.depth()).isZero();
		CompletableFuture<Outcome> next = queue.submit(input(3), deadline()); // the slot
																				// is free
																				// again
		gate.countDown();
		assertThat(values(next.get(5, TimeUnit.SECONDS))).containsExactly(6f);
	}

	@Test
	void finishesQueuedWorkAfterCloseButRefusesNewWork() throws Exception {
		var gate = new CountDownLatch(1);
		var model = new DoublingModel(gate);
		var queue = new ModelQueue("a", settings(10, 1, 1, Duration.ZERO), () -> lease(model));
		CompletableFuture<Outcome> running = queue.submit(input(1), deadline());
		CompletableFuture<Outcome> queued = queue.submit(input(2), deadline());
		model.started.await();
		queue.close();
		assertThatExceptionOfType(ShuttingDownException.class).isThrownBy(() -> queue.submit(input(3), deadline()));
		assertThat(queue.awaitIdle(System.nanoTime() + 50_000_000)).isFalse();
		gate.countDown();
		assertThat(queue.awaitIdle(System.nanoTime() + 5_000_000_000L)).isTrue();
		assertThat(running).isCompleted();
		assertThat(values(queued.get())).containsExactly(4f);
	}

	private static long deadline() {
		return System.nanoTime() + LONG_DEADLINE;
	}

	private static ModelSettings settings(int capacity, int workers, int maxBatch, Duration delay) {
		return new ModelSettings(capacity, workers, maxBatch, delay, Duration.ofSeconds(30));
	}

	/** A batch of one example per value, one FP32 column. */
	private static ModelInput input(float... values) {
		return new ModelInput.Tensors(
				Map.of("x", new Tensor(DataType.FP32, List.of((long) values.length, 1L), values.clone())));
	}

	private static ModelInput wide() {
		return new ModelInput.Tensors(Map.of("x", new Tensor(DataType.FP32, List.of(1L, 2L), new float[] { 1, 2 })));
	}

	private static List<Float> values(Outcome outcome) {
		var tensor = ((Prediction.Tensors) outcome.prediction()).outputs().get("y");
		var values = new ArrayList<Float>();
		for (int i = 0; i < tensor.size(); i++) {
			values.add((Float) tensor.element(i));
		}
		return values;
	}

	private static ModelLease lease(LoadedModel model) {
		return new ModelLease() {
			@Override
			public LoadedModel model() {
				return model;
			}

			@Override
			public void close() {
			}
		};
	}

	@Test
	void countsTheCpuTimeOfPredictionsButNotTheirWaiting() throws Exception {
		var busy = new ModelQueue("busy", settings(10, 1, 1, Duration.ZERO),
				() -> lease(new TimedModel(Duration.ofMillis(60), true)));
		var sleepy = new ModelQueue("sleepy", settings(10, 1, 1, Duration.ZERO),
				() -> lease(new TimedModel(Duration.ofMillis(60), false)));
		assertThat(busy.cpuNanos()).isZero();
		for (int i = 0; i < 2; i++) {
			busy.submit(input(1), deadline()).get(5, TimeUnit.SECONDS);
			sleepy.submit(input(1), deadline()).get(5, TimeUnit.SECONDS);
		}
		assertThat(busy.cpuNanos()).as("two predictions spinning 60 ms of CPU each")
			.isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(120));
		assertThat(sleepy.cpuNanos()).as("two predictions sleeping 60 ms each")
			.isLessThan(TimeUnit.MILLISECONDS.toNanos(30));
	}

	/** Spends a time per prediction, on the CPU or asleep, and answers its input. */
	private static final class TimedModel implements LoadedModel {

		private final Duration time;

		private final boolean spin;

		TimedModel(Duration time, boolean spin) {
			this.time = time;
			this.spin = spin;
		}

		@Override
		public ModelSignature signature() {
			return new DoublingModel(null).signature();
		}

		@Override
		public Prediction predict(ModelInput input) {
			var threads = ManagementFactory.getThreadMXBean();
			if (this.spin) {
				long until = threads.getCurrentThreadCpuTime() + this.time.toNanos();
				while (threads.getCurrentThreadCpuTime() < until) {
					Thread.onSpinWait();
				}
			}
			else {
				try {
					Thread.sleep(this.time);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			Tensor x = ((ModelInput.Tensors) input).tensors().get("x");
			return new Prediction.Tensors(Map.of("y", x));
		}

		@Override
		public void close() {
		}

	}

	/** Doubles every element; the first call waits at the gate (when there is one). */
	private static final class DoublingModel implements LoadedModel {

		final CountDownLatch started = new CountDownLatch(1);

		final List<Integer> batchRows = new CopyOnWriteArrayList<>();

		private final CountDownLatch gate;

		DoublingModel(CountDownLatch gate) {
			this.gate = gate;
		}

		@Override
		public ModelSignature signature() {
			return new TensorSignature(List.of(new TensorSignature.TensorSpec("x", DataType.FP32, List.of(-1L, -1L))),
					List.of(new TensorSignature.TensorSpec("y", DataType.FP32, List.of(-1L, -1L))));
		}

		@Override
		public Prediction predict(ModelInput input) {
			Tensor x = ((ModelInput.Tensors) input).tensors().get("x");
			this.batchRows.add(x.shape().getFirst().intValue());
			this.started.countDown();
			if (this.gate != null) {
				try {
					this.gate.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			float[] in = (float[]) x.data();
			float[] out = new float[in.length];
			for (int i = 0; i < in.length; i++) {
				out[i] = in[i] * 2;
			}
			return new Prediction.Tensors(Map.of("y", new Tensor(DataType.FP32, x.shape(), out)));
		}

		@Override
		public void close() {
		}

	}

}

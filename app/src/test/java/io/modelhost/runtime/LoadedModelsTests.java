package io.modelhost.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelhost.engine.LoadedModel;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.TabularSignature;
import io.modelhost.runtime.internal.LoadedModels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LoadedModelsTests {

	@Test
	void loadsOnceAndReusesTheLoadedModel() {
		var models = new LoadedModels(2, Long.MAX_VALUE);
		var loads = new AtomicInteger();
		try (ModelLease first = models.lease("a", 0, () -> loaded(new FakeModel(loads)));
				ModelLease second = models.lease("a", 0, () -> loaded(new FakeModel(loads)))) {
			assertThat(second.model()).isSameAs(first.model());
		}
		assertThat(loads).hasValue(1);
	}

	@Test
	void loadsOnceForConcurrentRequests() throws Exception {
		var models = new LoadedModels(2, Long.MAX_VALUE);
		var loads = new AtomicInteger();
		var started = new java.util.concurrent.CountDownLatch(1);
		var release = new java.util.concurrent.CountDownLatch(1);
		try (var threads = java.util.concurrent.Executors.newFixedThreadPool(4)) {
			var leases = new ArrayList<java.util.concurrent.Future<ModelLease>>();
			for (int i = 0; i < 4; i++) {
				leases.add(threads.submit(() -> models.lease("a", 0, () -> {
					started.countDown();
					await(release);
					return loaded(new FakeModel(loads));
				})));
			}
			started.await();
			release.countDown();
			LoadedModel first = leases.getFirst().get().model();
			for (var lease : leases) {
				assertThat(lease.get().model()).isSameAs(first);
				lease.get().close();
			}
		}
		assertThat(loads).hasValue(1);
	}

	@Test
	void forgetsAFailedLoad() {
		var models = new LoadedModels(2, Long.MAX_VALUE);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> models.lease("a", 0, () -> {
			throw new IllegalStateException("broken");
		})).hasMessage("broken");
		assertThat(models.contains("a")).isFalse();
		try (ModelLease lease = models.lease("a", 0, () -> loaded(new FakeModel(new AtomicInteger())))) {
			assertThat(lease.model()).isNotNull();
		}
	}

	@Test
	void unloadsTheLeastRecentlyUsedBeyondTheLimit() {
		var models = new LoadedModels(1, Long.MAX_VALUE);
		var loads = new AtomicInteger();
		FakeModel a = lease(models, "a", loads);
		FakeModel b = lease(models, "b", loads);
		assertThat(models.size()).isEqualTo(1);
		assertThat(a.closed).isTrue();
		assertThat(b.closed).isFalse();
		lease(models, "a", loads);
		assertThat(loads).hasValue(3);
	}

	@Test
	void closesAnEvictedModelOnlyAfterItsLastLease() {
		var models = new LoadedModels(1, Long.MAX_VALUE);
		ModelLease running = models.lease("a", 0, () -> loaded(new FakeModel(new AtomicInteger())));
		var model = (FakeModel) running.model();
		models.evict("a");
		assertThat(model.closed).as("closed while a prediction uses it").isFalse();
		running.close();
		assertThat(model.closed).isTrue();
		running.close();
		assertThat(model.closes).hasValue(1);
	}

	@Test
	void replacesAModelPutUnderTheSameKey() {
		var models = new LoadedModels(2, Long.MAX_VALUE);
		var first = new FakeModel(new AtomicInteger());
		models.put("a", loaded(first));
		var second = new FakeModel(new AtomicInteger());
		models.put("a", loaded(second));
		assertThat(first.closed).isTrue();
		try (ModelLease lease = models.lease("a", 0, () -> {
			throw new AssertionError("must not load");
		})) {
			assertThat(lease.model()).isSameAs(second);
		}
	}

	@Test
	void unloadsTheLeastRecentlyUsedToStayWithinTheMemoryBudget() {
		var models = new LoadedModels(10, 250);
		var a = new FakeModel(new AtomicInteger());
		var b = new FakeModel(new AtomicInteger());
		var c = new FakeModel(new AtomicInteger());
		models.lease("a", 0, () -> weighing(60, 40, a)).close();
		models.lease("b", 0, () -> weighing(100, 0, b)).close();
		models.lease("a", 100, () -> weighing(60, 40, a)).close(); // a is now the most
																	// recent
		assertThat(models.heldBytes()).isEqualTo(200);
		// c is known to need 100: b (least recently used) goes before c loads
		models.lease("c", 100, () -> {
			assertThat(b.closed).as("room made before the load").isTrue();
			return weighing(100, 0, c);
		}).close();
		assertThat(models.contains("a")).isTrue();
		assertThat(models.contains("b")).isFalse();
		assertThat(models.heldBytes()).isEqualTo(200);
	}

	@Test
	void putsBeyondTheBudgetUnloadTheOldestPut() {
		var models = new LoadedModels(20, 262144);
		models.put("iris", weighing(57808, 0, new FakeModel(new AtomicInteger())));
		models.put("gbr1", weighing(106176, 0, new FakeModel(new AtomicInteger())));
		assertThat(models.footprint("iris")).isPresent();
		models.put("gbr2", weighing(106176, 0, new FakeModel(new AtomicInteger())));
		assertThat(models.contains("iris")).isFalse();
		assertThat(models.contains("gbr1")).isTrue();
		assertThat(models.contains("gbr2")).isTrue();
	}

	@Test
	void refusesAModelThatAloneNeedsMoreThanTheBudget() {
		var models = new LoadedModels(10, 250);
		var loads = new AtomicInteger();
		assertThatExceptionOfType(InsufficientMemoryException.class)
			.isThrownBy(() -> models.lease("big", 300, () -> loaded(new FakeModel(loads))));
		assertThat(loads).hasValue(0);
		var measuredTooBig = new FakeModel(new AtomicInteger());
		assertThatExceptionOfType(InsufficientMemoryException.class)
			.isThrownBy(() -> models.lease("big", 0, () -> weighing(200, 100, measuredTooBig)))
			.satisfies((ex) -> assertThat(ex.neededBytes()).isEqualTo(300));
		assertThat(measuredTooBig.closed).isTrue();
		assertThat(models.contains("big")).isFalse();
		assertThatExceptionOfType(InsufficientMemoryException.class)
			.isThrownBy(() -> models.put("big", weighing(251, 0, new FakeModel(new AtomicInteger()))));
	}

	private static LoadedModels.Loaded loaded(LoadedModel model) {
		return new LoadedModels.Loaded(model, new MemoryFootprint(100, 0, 1));
	}

	private static LoadedModels.Loaded weighing(long heap, long nativeBytes, LoadedModel model) {
		return new LoadedModels.Loaded(model, new MemoryFootprint(heap, nativeBytes, 1));
	}

	private static void await(java.util.concurrent.CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static FakeModel lease(LoadedModels models, String key, AtomicInteger loads) {
		try (ModelLease lease = models.lease(key, 0, () -> loaded(new FakeModel(loads)))) {
			return (FakeModel) lease.model();
		}
	}

	/** A model that counts its loads and closes. */
	private static final class FakeModel implements LoadedModel {

		final AtomicInteger closes = new AtomicInteger();

		volatile boolean closed;

		FakeModel(AtomicInteger loads) {
			loads.incrementAndGet();
		}

		@Override
		public ModelSignature signature() {
			return new TabularSignature(
					List.of(new TabularSignature.Feature("x", TabularSignature.FeatureType.DOUBLE, List.of(), true)),
					new TabularSignature.Target("y", TabularSignature.Task.REGRESSION, List.of()));
		}

		@Override
		public Prediction predict(ModelInput input) {
			return new Prediction.Values(List.of(1.0), null);
		}

		@Override
		public void close() {
			this.closes.incrementAndGet();
			this.closed = true;
		}

	}

}

package io.modelhost.serving;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.modelhost.accounts.UserId;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.registry.ModelStatus;
import io.modelhost.registry.Traffic;
import io.modelhost.scheduling.ModelScheduler;
import io.modelhost.scheduling.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Scores a copy of each request the endpoint answered with its traffic split's shadow
 * version, off the answer path: the copies wait in a bounded queue for a few threads of
 * their own, and a copy that finds the queue full is dropped (and counted). The shadow's
 * answers are compared with production's and its latency recorded in
 * {@link RolloutStats}; they are never returned, nor recorded as the caller's usage.
 */
@Component
class ShadowScoring implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ShadowScoring.class);

	/** Copies waiting at most; more are dropped. */
	static final int QUEUE = 64;

	private static final int THREADS = 2;

	private final ModelRegistry registry;

	private final ModelScheduler scheduler;

	private final RolloutStats stats;

	private final ThreadPoolExecutor executor;

	ShadowScoring(ModelRegistry registry, ModelScheduler scheduler, RolloutStats stats) {
		this.registry = registry;
		this.scheduler = scheduler;
		this.stats = stats;
		var threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
				(runnable) -> {
					var thread = new Thread(runnable, "shadow-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
	}

	/**
	 * Hands a copy of an answered request to the shadow; returns at once.
	 * @param user the caller, whose access the shadow is looked up with
	 * @param served production's (or the canary's) target, which answered
	 * @param traffic the split, with its shadow
	 * @param decode how the request becomes input for a signature, for a shadow whose
	 * signature differs
	 * @param input the input as decoded for {@code served}
	 * @param prediction the answer returned, to compare with
	 */
	void submit(UserId user, ServingTarget served, Traffic traffic, Function<ServingTarget, ModelInput> decode,
			ModelInput input, Prediction prediction) {
		int version = Objects.requireNonNull(traffic.shadowVersion());
		try {
			this.executor.execute(() -> score(user, served, traffic, version, decode, input, prediction));
		}
		catch (RejectedExecutionException ex) {
			this.stats.dropped(served.id(), traffic.updatedAt(), version);
		}
	}

	private void score(UserId user, ServingTarget served, Traffic traffic, int version,
			Function<ServingTarget, ModelInput> decode, ModelInput input, Prediction prediction) {
		long started = System.nanoTime();
		try {
			ServingTarget shadow = this.registry.servingTarget(user, served.id(), version);
			if (shadow.status() != ModelStatus.ACTIVE || shadow.failureReason() != null) {
				throw new ModelUnavailableException("the shadow does not serve", null);
			}
			ModelInput shadowInput = shadow.signature().equals(served.signature()) ? input : decode.apply(shadow);
			Outcome outcome = this.scheduler.predict(shadow.id().value(), shadow.name(), shadow.artifact(),
					shadowInput);
			this.stats.record(served.id(), traffic.updatedAt(), "shadow", version, System.nanoTime() - started, false);
			compare(served, traffic, version, prediction, outcome.prediction());
		}
		catch (RuntimeException ex) {
			// a request the shadow cannot take (it would have answered 400) counts too
			log.debug("Shadow version {} of model {} failed: {}", version, served.id(), ex.toString());
			this.stats.record(served.id(), traffic.updatedAt(), "shadow", version, 0, true);
		}
	}

	/**
	 * Counts the rows where the shadow predicts what was answered (labels, not numbers).
	 */
	private void compare(ServingTarget served, Traffic traffic, int version, Prediction answered, Prediction shadow) {
		if (!(answered instanceof Prediction.Values a) || !(shadow instanceof Prediction.Values b)) {
			return;
		}
		List<?> left = a.values();
		List<?> right = b.values();
		if (left.size() != right.size() || left.isEmpty() || left.getFirst() instanceof Double
				|| left.getFirst() instanceof Float) {
			return;
		}
		int agreeing = 0;
		for (int i = 0; i < left.size(); i++) {
			if (Objects.equals(left.get(i), right.get(i))) {
				agreeing++;
			}
		}
		this.stats.compared(served.id(), traffic.updatedAt(), version, agreeing, left.size());
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}

package io.modelhost.scheduling.internal;

import java.util.concurrent.CompletableFuture;

import io.modelhost.engine.ModelInput;
import io.modelhost.scheduling.Outcome;
import org.jspecify.annotations.Nullable;

/** One request waiting in, or running from, a model's queue. */
final class Job {

	final ModelInput input;

	/** Requests with equal keys may share a batch; null: never batched. */
	final @Nullable String batchKey;

	final long enqueuedNanos;

	final long deadlineNanos;

	final CompletableFuture<Outcome> result = new CompletableFuture<>();

	Job(ModelInput input, @Nullable String batchKey, long enqueuedNanos, long deadlineNanos) {
		this.input = input;
		this.batchKey = batchKey;
		this.enqueuedNanos = enqueuedNanos;
		this.deadlineNanos = deadlineNanos;
	}

	int rows() {
		return this.input.batchSize();
	}

}

package io.modelhost.batch.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.ModelOutOfScopeException;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.ModelInput;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.jobs.JobId;
import io.modelhost.registry.RegistryException;
import io.modelhost.scheduling.DeadlineExceededException;
import io.modelhost.scheduling.QueueFullException;
import io.modelhost.serving.ModelUnavailableException;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.usage.UsageLedger;
import io.modelhost.usage.UsageRecord;
import org.jspecify.annotations.Nullable;

/**
 * Scores chunks through the {@link Predictor}, as the submitter's requests: every call
 * goes through the endpoint's checks (ownership, the key's scope, the model switched off)
 * and is recorded in usage as one request with the chunk's rows. A chunk the model
 * refuses as a whole (an engine's own check) is scored row by row, so that the refused
 * rows are named. A full queue is waited out: live traffic comes first. Thread-safe.
 */
final class Chunks {

	/** Tries of a chunk whose model's queue is full or too slow, before the job fails. */
	private static final int TRIES = 30;

	private final Predictor predictor;

	private final UsageLedger usage;

	private final Clock clock;

	private final Caller caller;

	private final BatchParameters order;

	private final JobId job;

	Chunks(Predictor predictor, UsageLedger usage, Clock clock, Caller caller, BatchParameters order, JobId job) {
		this.predictor = predictor;
		this.usage = usage;
		this.clock = clock;
		this.caller = caller;
		this.order = order;
		this.job = job;
	}

	/** Answers the chunk's convertible rows, or marks them refused. */
	Chunk score(Chunk chunk) {
		var indexes = new ArrayList<Integer>(chunk.size());
		var inputs = new ArrayList<@Nullable Object[]>(chunk.size());
		for (int i = 0; i < chunk.size(); i++) {
			Object[] input = chunk.input(i);
			if (input != null) {
				indexes.add(i);
				inputs.add(input);
			}
		}
		if (inputs.isEmpty()) {
			return chunk;
		}
		try {
			answer(chunk, indexes, predict(inputs));
		}
		catch (InvalidInputException | PredictionFailedException ex) {
			for (int k = 0; k < indexes.size(); k++) {
				try {
					answer(chunk, List.of(indexes.get(k)), predict(inputs.subList(k, k + 1)));
				}
				catch (InvalidInputException | PredictionFailedException refused) {
					chunk.fail(indexes.get(k), refused.getMessage());
				}
			}
		}
		return chunk;
	}

	private static void answer(Chunk chunk, List<Integer> indexes, Prediction.Values values) {
		List<double[]> probabilities = values.probabilities();
		for (int k = 0; k < indexes.size(); k++) {
			chunk.answer(indexes.get(k), values.values().get(k), (probabilities != null) ? probabilities.get(k) : null);
		}
	}

	private Prediction.Values predict(List<@Nullable Object[]> rows) {
		for (int attempt = 1;; attempt++) {
			var call = new PredictionCall(this.caller, this.order.modelId().value(), this.order.modelVersion(),
					BatchJobs.PROTOCOL);
			try {
				Predictor.Served served = this.predictor.predict(call, (signature) -> new ModelInput.Rows(rows));
				record(call, rows.size());
				if (!(served.prediction() instanceof Prediction.Values values)) {
					throw new JobFailedException("the model answered tensors; batch predictions score tabular models");
				}
				return values;
			}
			catch (QueueFullException | DeadlineExceededException ex) {
				if (attempt >= TRIES) {
					throw new JobFailedException("the model stayed too busy to score the batch; try again later", ex);
				}
				pause(attempt);
			}
			catch (RegistryException | ModelOutOfScopeException | ModelUnavailableException ex) {
				// switched off, deleted, no longer shared, out of the key's scope, …
				throw new JobFailedException("the model cannot be used: " + ex.getMessage(), ex);
			}
		}
	}

	private void record(PredictionCall call, int rows) {
		long micros = (System.nanoTime() - call.startedNanos()) / 1_000;
		this.usage.record(new UsageRecord(UUID.randomUUID().toString(), this.job.value(), this.order.modelId().value(),
				this.order.modelVersion(), this.caller.userId().value(), this.caller.apiKeyId(), BatchJobs.PROTOCOL,
				200, rows, micros, call.queueNanos() / 1_000, call.batchSize(), this.clock.instant()));
	}

	private static void pause(int attempt) {
		try {
			Thread.sleep(Math.min(1_000, 20L * attempt));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobFailedException("the batch was interrupted", ex);
		}
	}

}

package io.modelhost.batch.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import io.modelhost.accounts.Caller;
import io.modelhost.batch.BatchProperties;
import io.modelhost.batch.RowFailure;
import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.datasets.TabularRow;
import io.modelhost.engine.TabularSignature;
import io.modelhost.jobs.JobContext;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.jobs.JobHandler;
import io.modelhost.jobs.JobKind;
import io.modelhost.jobs.JobSubmitted;
import io.modelhost.quotas.Quotas;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.registry.RegistryException;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import io.modelhost.usage.UsageLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs {@code batch-prediction} jobs: streams the dataset's rows, converts them to the
 * model's input chunk by chunk, scores chunks through the {@link Predictor} on the job's
 * threads (a few chunks in flight, written back in order), and writes the result files as
 * it goes. Memory holds a few chunks, never the dataset or the result.
 */
@Component
public class BatchJobs implements JobHandler {

	/** The kind of job this runs. */
	public static final JobKind KIND = new JobKind("batch-prediction");

	/** The protocol usage records name for the chunks of a batch. */
	static final String PROTOCOL = "batch";

	private static final Logger log = LoggerFactory.getLogger(BatchJobs.class);

	/** How often counts are stored for readers of the job. */
	private static final Duration REPORT_INTERVAL = Duration.ofMillis(500);

	private final Datasets datasets;

	private final Predictor predictor;

	private final UsageLedger usage;

	private final BatchStore store;

	private final BatchFiles files;

	private final BatchProperties properties;

	private final Clock clock;

	private final Quotas quotas;

	BatchJobs(Datasets datasets, Predictor predictor, UsageLedger usage, BatchStore store, BatchFiles files,
			BatchProperties properties, Clock clock, Quotas quotas) {
		this.quotas = quotas;
		this.datasets = datasets;
		this.predictor = predictor;
		this.usage = usage;
		this.store = store;
		this.files = files;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public JobKind kind() {
		return KIND;
	}

	@Override
	public void validate(JsonNode parameters) {
		BatchParameters.of(parameters);
	}

	/**
	 * Stores the job's batch row as it is submitted, before any node can start it, so
	 * that it is listed and counted from the first moment.
	 */
	@EventListener
	void on(JobSubmitted submitted) {
		if (submitted.job().kind().equals(KIND)) {
			this.store.insert(submitted.job().id(), submitted.job().owner(),
					BatchParameters.of(submitted.job().parameters()), submitted.job().createdAt());
		}
	}

	@Override
	public JsonNode run(JsonNode parameters, JobContext context) throws IOException {
		BatchParameters order = BatchParameters.of(parameters);
		Caller caller = order.caller(context.owner());
		context.progress(0.0, "reading the dataset");
		TabularProfile profile;
		try {
			profile = this.datasets.profile(context.owner(), order.datasetId());
		}
		catch (DatasetNotFoundException ex) {
			throw new JobFailedException("the dataset " + order.datasetId() + " no longer exists");
		}
		ServingTarget target = target(caller, order);
		if (!(target.signature() instanceof TabularSignature signature)) {
			throw new JobFailedException("this model version takes tensors; batch predictions score tabular models");
		}
		var chunker = new Scoring(context, caller, order, signature, profile);
		Files.createDirectories(this.files.directory(order.modelId(), context.jobId()));
		boolean succeeded = false;
		long started = System.nanoTime();
		try (var writer = new ResultWriter(this.files.csv(order.modelId(), context.jobId()),
				this.files.ndjson(order.modelId(), context.jobId()), profile.columnNames(),
				signature.target().classes());
				Stream<TabularRow> rows = this.datasets.rows(context.owner(), order.datasetId())) {
			chunker.run(rows.iterator(), writer);
			succeeded = true;
		}
		catch (DatasetNotFoundException ex) {
			throw new JobFailedException("the dataset " + order.datasetId() + " was deleted during the job");
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		finally {
			if (!succeeded) {
				this.files.delete(order.modelId(), context.jobId());
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		this.store.expiresAt(context.jobId(), this.clock.instant().plus(this.properties.retention()));
		long done = chunker.ok + chunker.failed;
		log.info("Batch prediction {} scored {} rows ({} refused) in {} s", context.jobId(), done, chunker.failed,
				String.format(java.util.Locale.ROOT, "%.2f", seconds));
		return JsonNodeFactory.instance.objectNode()
			.put("rows_total", done)
			.put("rows_ok", chunker.ok)
			.put("rows_failed", chunker.failed)
			.put("scoring_seconds", Math.round(seconds * 1000) / 1000.0)
			.put("rows_per_second", (seconds > 0) ? Math.round(done / seconds) : done)
			.put("quota_wait_seconds", Math.round(chunker.quotaWaitNanos / 1e6) / 1000.0);
	}

	/** The model version as the submitter may use it now: the endpoint's checks. */
	private ServingTarget target(Caller caller, BatchParameters order) {
		try {
			return this.predictor
				.target(new PredictionCall(caller, order.modelId().value(), order.modelVersion(), PROTOCOL));
		}
		catch (RegistryException | io.modelhost.accounts.ModelOutOfScopeException ex) {
			throw new JobFailedException("the model cannot be used: " + ex.getMessage(), ex);
		}
	}

	/** One job's pass over the rows; its counts are read by the job's thread only. */
	private final class Scoring {

		private final JobContext context;

		private final BatchParameters order;

		private final RowConverter converter;

		private final Chunks chunks;

		private final Caller caller;

		private final List<RowFailure> failures = new ArrayList<>();

		private long ok;

		private long failed;

		private long lastReport = System.nanoTime();

		/** Time spent waiting for the batch-row quota. */
		private long quotaWaitNanos;

		Scoring(JobContext context, Caller caller, BatchParameters order, TabularSignature signature,
				TabularProfile profile) {
			this.context = context;
			this.order = order;
			this.caller = caller;
			this.converter = new RowConverter(signature, profile.columnNames());
			this.chunks = new Chunks(BatchJobs.this.predictor, BatchJobs.this.usage, BatchJobs.this.clock, caller,
					order, context.jobId());
		}

		void run(Iterator<TabularRow> rows, ResultWriter writer) throws IOException {
			int threads = Math.max(1, this.context.threads());
			ExecutorService pool = Executors.newFixedThreadPool(threads,
					Thread.ofPlatform()
						.name("batch-" + this.context.jobId().value().substring(0, 8) + "-", 0)
						.daemon()
						.factory());
			var inFlight = new ArrayDeque<CompletableFuture<Chunk>>();
			long number = 0;
			try {
				while (rows.hasNext()) {
					this.context.throwIfCancelled();
					var chunk = new Chunk(number + 1, BatchJobs.this.properties.chunkSize());
					while (rows.hasNext() && chunk.size() < BatchJobs.this.properties.chunkSize()) {
						TabularRow row = rows.next();
						chunk.add(row, this.converter.convert(row.values()), this.converter.error());
					}
					number += chunk.size();
					chargeRows(chunk.size());
					inFlight.add(CompletableFuture.supplyAsync(() -> this.chunks.score(chunk), pool));
					if (inFlight.size() > threads) {
						write(join(inFlight.poll()), writer);
					}
				}
				while (!inFlight.isEmpty()) {
					write(join(inFlight.poll()), writer);
				}
			}
			finally {
				pool.shutdownNow();
			}
			report(true);
		}

		/**
		 * Charges the chunk's rows to the submitter's batch-row quota, waiting
		 * (cancellable) while it is spent: a batch goes no faster than the quota allows.
		 */
		private void chargeRows(int rows) {
			int left = rows;
			boolean waited = false;
			while (left > 0) {
				int part = Math.min(left, BatchJobs.this.quotas.maxRowsAtOnce(this.caller));
				long wait = BatchJobs.this.quotas.chargeRows(this.caller, part);
				if (wait == 0) {
					left -= part;
					continue;
				}
				if (!waited) {
					waited = true;
					this.context.stage("waiting for the batch-row quota (modelhost.quotas.per-user-batch-rows)");
				}
				this.context.throwIfCancelled();
				long pause = Math.clamp(wait / 1_000_000, 10, 500);
				this.quotaWaitNanos += pause * 1_000_000;
				try {
					Thread.sleep(pause);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new JobFailedException("the batch was interrupted", ex);
				}
			}
		}

		private Chunk join(CompletableFuture<Chunk> future) {
			try {
				return future.join();
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof RuntimeException cause) {
					throw cause;
				}
				throw ex;
			}
		}

		private void write(Chunk chunk, ResultWriter writer) throws IOException {
			for (int i = 0; i < chunk.size(); i++) {
				long row = chunk.first() + i;
				String error = chunk.error(i);
				if (error == null) {
					writer.answered(row, chunk.row(i).values(), chunk.prediction(i), chunk.probabilities(i));
					this.ok++;
				}
				else {
					writer.refused(row, chunk.row(i).values(), error);
					this.failed++;
					if (this.failures.size() < BatchJobs.this.properties.failuresShown()) {
						this.failures.add(new RowFailure(row, error));
					}
				}
			}
			report(false);
		}

		private void report(boolean last) {
			long now = System.nanoTime();
			if (!last && now - this.lastReport < REPORT_INTERVAL.toNanos()) {
				return;
			}
			this.lastReport = now;
			long done = this.ok + this.failed;
			BatchJobs.this.store.progress(this.context.jobId(),
					new BatchStore.Counts(this.ok, this.failed, this.failures));
			long total = Math.max(done, this.order.rowsTotal());
			this.context.progress(last ? 1.0 : (double) done / total, "scored " + done + " of " + total + " rows");
		}

	}

}

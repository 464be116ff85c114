package io.modelhost.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.modelhost.accounts.Caller;
import io.modelhost.accounts.ModelOutOfScopeException;
import io.modelhost.batch.internal.BatchFiles;
import io.modelhost.batch.internal.BatchJobs;
import io.modelhost.batch.internal.BatchParameters;
import io.modelhost.batch.internal.BatchStore;
import io.modelhost.datasets.ColumnProfile;
import io.modelhost.datasets.Dataset;
import io.modelhost.datasets.DatasetId;
import io.modelhost.datasets.DatasetUpload;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.engine.TabularSignature;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobNotFoundException;
import io.modelhost.jobs.JobStatus;
import io.modelhost.jobs.Jobs;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelInactiveException;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.registry.ModelStatus;
import io.modelhost.serving.PredictionCall;
import io.modelhost.serving.Predictor;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Scoring a whole dataset with a model: submit a batch prediction, read, list and cancel
 * one, and read its result. A submission passes the checks of the model's prediction
 * endpoint (the caller may use the model, an API key's scope covers it, the model is
 * switched on) and those are made again for every chunk while the job runs. A batch
 * prediction is its submitter's alone; an API key sees only those of models in its scope.
 */
@Service
public class BatchPredictions {

	private static final int MAX_DATASET_NAME = 100;

	private final Jobs jobs;

	private final Datasets datasets;

	private final ModelRegistry registry;

	private final Predictor predictor;

	private final BatchStore store;

	private final BatchFiles files;

	BatchPredictions(Jobs jobs, Datasets datasets, ModelRegistry registry, Predictor predictor, BatchStore store,
			BatchFiles files) {
		this.jobs = jobs;
		this.datasets = datasets;
		this.registry = registry;
		this.predictor = predictor;
		this.store = store;
		this.files = files;
	}

	/**
	 * Queues a batch prediction of one of the caller's tabular datasets.
	 * @param model the model's id
	 * @param version the version to score with, or null for the one the endpoint serves
	 * (fixed now, for the whole job)
	 * @throws io.modelhost.registry.ModelNotFoundException if the caller cannot see the
	 * model
	 * @throws io.modelhost.registry.NotPermittedException if they may see but not use it
	 * @throws ModelOutOfScopeException if their API key is for other models
	 * @throws ModelInactiveException if the model's endpoint is switched off
	 * @throws ModelNotTabularException if the model takes tensors
	 * @throws io.modelhost.datasets.DatasetNotFoundException if the caller has no such
	 * dataset
	 * @throws io.modelhost.datasets.WrongDatasetKindException if it is an image dataset
	 * @throws io.modelhost.jobs.JobLimitException if the caller has too many unfinished
	 * jobs
	 */
	public BatchPrediction submit(Caller caller, String model, @Nullable Integer version, String datasetId) {
		ServingTarget target = usableTarget(caller, model, version);
		if (datasetId.isBlank()) {
			throw new InvalidBatchRequestException("dataset_id",
					"dataset_id is required (or send the rows as a multipart 'file')");
		}
		Dataset dataset = this.datasets.get(caller.userId(), DatasetId.parse(datasetId));
		return queue(caller, target, dataset, false);
	}

	/**
	 * Stores a CSV file as one of the caller's datasets (bounded and profiled as every
	 * upload is; it stays listed among their datasets) and queues its batch prediction.
	 * The model is checked before the file is stored.
	 * @throws io.modelhost.datasets.DatasetTooLargeException if the file is over the
	 * datasets' limit
	 * @throws io.modelhost.datasets.InvalidDatasetException if it is not a usable CSV
	 * @see #submit(Caller, String, Integer, String) for the other exceptions
	 */
	public BatchPrediction submit(Caller caller, String model, @Nullable Integer version, DatasetUpload upload) {
		ServingTarget target = usableTarget(caller, model, version);
		String name = "batch input for " + target.name();
		if (name.length() > MAX_DATASET_NAME) {
			name = name.substring(0, MAX_DATASET_NAME - 1) + "…";
		}
		Dataset dataset = this.datasets.upload(caller.userId(), name,
				"Uploaded with a batch prediction of model " + target.id().value() + " version " + target.version(),
				upload);
		return queue(caller, target, dataset, true);
	}

	/**
	 * Queues the job, unless the dataset lacks a column for a feature the model needs
	 * (one it reads and cannot do without): then every row would be refused, so the
	 * request is, and a dataset stored with it is deleted again.
	 */
	private BatchPrediction queue(Caller caller, ServingTarget target, Dataset dataset, boolean uploaded) {
		TabularProfile profile = this.datasets.profile(caller.userId(), dataset.id());
		List<String> columns = profile.columns().stream().map(ColumnProfile::name).toList();
		List<String> missing = ((TabularSignature) target.signature()).features()
			.stream()
			.filter((feature) -> feature.used() && !feature.acceptsMissing() && !columns.contains(feature.name()))
			.map((feature) -> "'" + feature.name() + "'")
			.toList();
		if (!missing.isEmpty()) {
			if (uploaded) {
				this.datasets.delete(caller.userId(), dataset.id());
			}
			throw new InvalidBatchRequestException(uploaded ? "file" : "dataset_id",
					"the dataset has no column for the features " + String.join(", ", missing)
							+ " that the model needs; its columns are " + columns
							+ " (a model fitted on a bare array can be given feature names at upload)");
		}
		var parameters = new BatchParameters(target.id(), target.version(), dataset.id(), dataset.name(),
				profile.rows(), caller.apiKeyId(), caller.modelScope());
		Job job = this.jobs.submit(caller.userId(), BatchJobs.KIND, parameters.toJson());
		return get(caller, job.id());
	}

	/** The endpoint's checks, without predicting. */
	private ServingTarget usableTarget(Caller caller, String model, @Nullable Integer version) {
		ModelId id = ModelId.parse(model);
		ServingTarget target = this.predictor.target(new PredictionCall(caller, id.value(), version, "batch"));
		if (target.status() == ModelStatus.INACTIVE) {
			throw new ModelInactiveException();
		}
		if (!(target.signature() instanceof TabularSignature)) {
			throw new ModelNotTabularException();
		}
		return target;
	}

	/**
	 * One of the caller's batch predictions.
	 * @throws JobNotFoundException if the caller has no batch prediction with this id (or
	 * its model was deleted)
	 * @throws ModelOutOfScopeException if their API key is for other models
	 */
	public BatchPrediction get(Caller caller, JobId id) {
		Job job = this.jobs.get(caller.userId(), id);
		if (!job.kind().equals(BatchJobs.KIND)) {
			throw new JobNotFoundException();
		}
		BatchStore.Stored stored = this.store.find(caller.userId(), id).orElseThrow(JobNotFoundException::new);
		if (!caller.mayUse(stored.modelId())) {
			throw new ModelOutOfScopeException();
		}
		return new BatchPrediction(job, stored.modelId(), stored.modelVersion(), stored.datasetId(), stored.rowsTotal(),
				stored.rowsDone(), stored.rowsOk(), stored.rowsFailed(), stored.failures(), stored.resultExpiresAt(),
				stored.resultDeleted());
	}

	/**
	 * One page of the caller's batch predictions of a model, newest first.
	 * @throws io.modelhost.registry.ModelNotFoundException if the caller cannot see the
	 * model
	 * @throws ModelOutOfScopeException if their API key is for other models
	 */
	public Page list(Caller caller, String model, int page, int size) {
		ModelId id = ModelId.parse(model);
		this.registry.get(caller.userId(), id);
		if (!caller.mayUse(id.value())) {
			throw new ModelOutOfScopeException();
		}
		BatchStore.Page found = this.store.list(caller.userId(), id, page, size);
		var batches = new ArrayList<BatchPrediction>();
		for (JobId job : found.jobs()) {
			batches.add(get(caller, job));
		}
		return new Page(batches, page, size, found.total());
	}

	/**
	 * Cancels a batch prediction: a queued one at once, a running one within 2 seconds;
	 * its partial result is deleted.
	 * @throws JobNotFoundException if the caller has no batch prediction with this id
	 * @throws io.modelhost.jobs.JobAlreadyFinishedException if it has finished
	 */
	public BatchPrediction cancel(Caller caller, JobId id) {
		get(caller, id);
		this.jobs.cancel(caller.userId(), id);
		return get(caller, id);
	}

	/**
	 * The result file of a batch prediction that succeeded, to stream.
	 * @param format the file's form
	 * @throws BatchResultNotReadyException if the job has not succeeded
	 * @throws BatchResultExpiredException if the result was deleted after the retention
	 * @see #get(Caller, JobId) for the other exceptions
	 */
	public Path result(Caller caller, JobId id, ResultFormat format) {
		BatchPrediction batch = get(caller, id);
		if (batch.job().status() != JobStatus.SUCCEEDED) {
			throw new BatchResultNotReadyException(batch.job().status());
		}
		ModelId model = new ModelId(batch.modelId());
		Path file = switch (format) {
			case CSV -> this.files.csv(model, id);
			case NDJSON -> this.files.ndjson(model, id);
		};
		if (batch.resultDeleted() || !Files.isRegularFile(file)) {
			throw new BatchResultExpiredException();
		}
		return file;
	}

	/** The forms a result is kept in. */
	public enum ResultFormat {

		/** The input columns, then prediction, probability_&lt;class&gt;…, error. */
		CSV,

		/** One JSON object per line: row, prediction, probabilities, error. */
		NDJSON

	}

	/**
	 * A page of batch predictions.
	 *
	 * @param batches the page's, newest first
	 * @param page the page, from 0
	 * @param size its size
	 * @param total how many there are
	 */
	public record Page(List<BatchPrediction> batches, int page, int size, long total) {

		public Page {
			batches = List.copyOf(batches);
		}

	}

}

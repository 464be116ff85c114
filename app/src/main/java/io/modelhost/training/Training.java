package io.modelhost.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import io.modelhost.accounts.UserId;
import io.modelhost.datasets.ColumnProfile;
import io.modelhost.datasets.ColumnType;
import io.modelhost.datasets.Dataset;
import io.modelhost.datasets.ImageProfile;
import io.modelhost.datasets.DatasetId;
import io.modelhost.datasets.DatasetKind;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.ImageProfile;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.datasets.WrongDatasetKindException;
import io.modelhost.jobs.Job;
import io.modelhost.jobs.JobEvent;
import io.modelhost.jobs.JobFeed;
import io.modelhost.jobs.JobId;
import io.modelhost.jobs.JobNotFoundException;
import io.modelhost.jobs.JobPage;
import io.modelhost.jobs.JobQuery;
import io.modelhost.jobs.Jobs;
import io.modelhost.registry.Model;
import io.modelhost.registry.ModelId;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.trainer.Metric;
import io.modelhost.trainer.Task;
import io.modelhost.training.InvalidTrainingOrderException.Problem;
import io.modelhost.training.internal.TrainingJobs;
import io.modelhost.training.internal.ImageTrainingParameters;
import io.modelhost.training.internal.TrainingParameters;
import io.modelhost.training.internal.TrainingReports;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

/**
 * Training models from the user's datasets: submit a training job, read, list and cancel
 * one, and read the report of a model version a training registered. Jobs and datasets
 * are their owner's alone; a report is visible to whoever may view its model.
 */
@Service
public class Training {

	/**
	 * Integer targets with at most this many distinct values are classes (as trainers
	 * infer).
	 */
	private static final int MAX_INTEGER_CLASSES = 20;

	private static final int MAX_NAME = 100;

	private static final int DEFAULT_FOLDS = 5;

	private static final long DEFAULT_SEED = 42L;

	private final Jobs jobs;

	private final Datasets datasets;

	private final ModelRegistry registry;

	private final TrainingReports reports;

	private final TrainingProperties properties;

	Training(Jobs jobs, Datasets datasets, ModelRegistry registry, TrainingReports reports,
			TrainingProperties properties) {
		this.jobs = jobs;
		this.datasets = datasets;
		this.registry = registry;
		this.reports = reports;
		this.properties = properties;
	}

	/**
	 * Checks an order against its dataset and queues a training job for it.
	 * @return the job, queued; its parameters are the order with the task and metric
	 * filled in
	 * @throws io.modelhost.datasets.DatasetNotFoundException if the user has no such
	 * dataset
	 * @throws InvalidTrainingOrderException listing every problem of the order
	 * @throws io.modelhost.jobs.JobLimitException if the user has too many unfinished
	 * jobs
	 */
	public Job submit(UserId owner, TrainingOrder order) {
		var problems = new ArrayList<Problem>();
		Dataset dataset = null;
		if (order.datasetId().isBlank()) {
			problems.add(new Problem("dataset_id", "dataset_id is required"));
		}
		else {
			dataset = this.datasets.get(owner, DatasetId.parse(order.datasetId()));
		}
		String modelName = order.modelName().strip();
		if (modelName.isEmpty()) {
			problems.add(new Problem("model_name", "model_name is required"));
		}
		else if (modelName.length() > MAX_NAME || modelName.chars()
			.anyMatch((c) -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
			problems.add(new Problem("model_name",
					"model_name must be at most " + MAX_NAME + " characters without control characters"));
		}
		if (dataset != null && dataset.profile() instanceof ImageProfile pictures) {
			return submitImages(owner, order, dataset, pictures, modelName, problems);
		}
		for (String field : order.images().given()) {
			problems.add(new Problem(field, field + " applies to image datasets; this dataset is tabular"));
		}
		Duration budget = budget(order.timeBudgetSeconds(), problems);
		int folds = (order.folds() != null) ? order.folds() : DEFAULT_FOLDS;
		if (folds < 2 || folds > 20) {
			problems.add(new Problem("folds", "folds must be in 2..20 but was " + folds));
		}
		Task task = null;
		if (order.task() != null) {
			try {
				task = Task.of(order.task());
			}
			catch (IllegalArgumentException ex) {
				problems.add(new Problem("task", ex.getMessage()));
			}
		}
		Metric metric = null;
		if (order.metric() != null) {
			try {
				metric = Metric.of(order.metric());
			}
			catch (IllegalArgumentException ex) {
				problems.add(new Problem("metric", ex.getMessage()));
			}
		}
		ColumnProfile target = null;
		if (order.target().isBlank()) {
			problems.add(new Problem("target", "target is required"));
		}
		else if (dataset != null) {
			target = target(dataset, order, problems);
		}
		boolean inferred = task == null;
		if (target != null && task == null) {
			// a metric names its task; otherwise the target's type decides
			task = (metric != null) ? metric.task() : inferTask(target);
		}
		if (target != null && task == Task.REGRESSION
				&& !(target.type() == ColumnType.NUMBER || target.type() == ColumnType.INTEGER)) {
			problems.add(new Problem((order.task() != null) ? "task" : "metric",
					"regression predicts numbers, but the target '" + target.name() + "' is a " + target.type().id()
							+ " column"));
		}
		if (metric != null && task != null && metric.task() != task) {
			problems.add(new Problem("metric",
					"the metric " + metric.label() + " scores " + metric.task().label() + ", but the task is "
							+ task.label() + "; use one of " + Metric.of(task).stream().map(Metric::label).toList()));
		}
		if (!problems.isEmpty()) {
			throw new InvalidTrainingOrderException(problems);
		}
		// checked above: a dataset, a target and so a task
		Task chosen = java.util.Objects.requireNonNull(task);
		var parameters = new TrainingParameters(java.util.Objects.requireNonNull(dataset).id(), dataset.name(),
				order.target(), modelName, chosen, inferred, (metric != null) ? metric : Metric.defaultFor(chosen),
				budget, folds, List.copyOf(new LinkedHashSet<>(order.excludeColumns())),
				(order.seed() != null) ? order.seed() : DEFAULT_SEED);
		return this.jobs.submit(owner, TrainingJobs.KIND, parameters.toJson());
	}

	/**
	 * Checks an image training order: the dataset's labels are the target, so the tabular
	 * settings are refused; the image settings get their defaults.
	 */
	private Job submitImages(UserId owner, TrainingOrder order, Dataset dataset, ImageProfile pictures,
			String modelName, List<Problem> problems) {
		if (!order.target().isBlank()) {
			problems
				.add(new Problem("target", "an image dataset's labels are what its model predicts; leave target out"));
		}
		if (order.task() != null && !"classification".equals(order.task())) {
			problems.add(new Problem("task", "a model trained from pictures is a classification model"));
		}
		if (order.metric() != null && !"accuracy".equals(order.metric())) {
			problems.add(new Problem("metric",
					"an image training picks its best epoch by validation loss and reports accuracy; leave metric out"));
		}
		if (order.timeBudgetSeconds() != null) {
			problems.add(new Problem("time_budget_s", "an image training runs for its epochs; set epochs and "
					+ "early_stopping instead of time_budget_s"));
		}
		if (order.folds() != null) {
			problems.add(new Problem("folds", "an image training holds out validation_split and test_split instead of "
					+ "cross-validating; leave folds out"));
		}
		if (!order.excludeColumns().isEmpty()) {
			problems.add(new Problem("exclude_columns", "an image dataset has no columns to exclude"));
		}
		ImageTrainingParameters parameters = ImageTrainingParameters.check(order.images(), dataset.id(), dataset.name(),
				modelName, (pictures.size() != null) ? pictures.size().width() : 0,
				(pictures.size() != null) ? pictures.size().height() : 0,
				(pictures.size() != null) ? pictures.size().channels() : 3, order.seed(), problems);
		if (!problems.isEmpty() || parameters == null) {
			throw new InvalidTrainingOrderException(problems);
		}
		return this.jobs.submit(owner, TrainingJobs.KIND, parameters.toJson());
	}

	/** The settings an image training takes when the order leaves them out. */
	public ImageOptions imageDefaults() {
		return ImageTrainingParameters.DEFAULTS;
	}

	/**
	 * One of the user's training jobs, with the candidates so far while it runs.
	 * @throws JobNotFoundException if the user has no training job with this id
	 */
	public TrainingJob get(UserId owner, JobId id) {
		Job job = training(owner, id);
		if (job.status().finished()) {
			return new TrainingJob(job, List.of(), List.of());
		}
		if (ImageTrainingParameters.isImageTraining(job.parameters())) {
			return new TrainingJob(job, List.of(), events(owner, job, "epoch"));
		}
		List<JsonNode> candidates = events(owner, job, "candidate");
		Metric metric = Metric.of(job.parameters().path("metric").asString("accuracy"));
		Comparator<JsonNode> byMetric = Comparator
			.comparingDouble((node) -> node.path("cv_metrics").path(metric.label()).asDouble());
		candidates.sort(metric.higherIsBetter() ? byMetric.reversed() : byMetric);
		return new TrainingJob(job, candidates, List.of());
	}

	/** One page of the user's training jobs, newest first. */
	public JobPage list(UserId owner, int page, int size) {
		return this.jobs.list(owner, new JobQuery(TrainingJobs.KIND, null, page, size));
	}

	/**
	 * Cancels a training job: a queued one at once, a running one within 2 seconds (no
	 * model is registered).
	 * @throws JobNotFoundException if the user has no training job with this id
	 * @throws io.modelhost.jobs.JobAlreadyFinishedException if it has finished
	 */
	public Job cancel(UserId owner, JobId id) {
		training(owner, id);
		return this.jobs.cancel(owner, id);
	}

	/**
	 * Checks that the job is one of the user's training jobs, for endpoints that hand it
	 * on to the jobs module (its event stream).
	 * @throws JobNotFoundException if it is not
	 */
	public Job training(UserId owner, JobId id) {
		Job job = this.jobs.get(owner, id);
		if (!job.kind().equals(TrainingJobs.KIND)) {
			throw new JobNotFoundException();
		}
		return job;
	}

	/**
	 * The training report of a model version the user may view.
	 * @param version the version, or null for the one the endpoint serves
	 * @throws io.modelhost.registry.ModelNotFoundException if the user cannot see the
	 * model
	 * @throws io.modelhost.registry.VersionNotFoundException if it has no such version
	 * @throws TrainingReportNotFoundException if that version was not trained here
	 */
	public TrainingReport report(UserId user, ModelId id, @Nullable Integer version) {
		Model model = this.registry.get(user, id);
		int number = (version != null) ? this.registry.version(user, id, version).number() : model.version().number();
		return this.reports.find(id, number)
			.orElseThrow(() -> new TrainingReportNotFoundException(
					"version " + number + " of this model was uploaded, not trained here: it has no training report"));
	}

	/**
	 * The training report of the version the model's endpoint serves, if that version was
	 * trained here.
	 * @throws io.modelhost.registry.ModelNotFoundException if the user cannot see the
	 * model
	 */
	public Optional<TrainingReport> servedReport(UserId user, ModelId id) {
		Model model = this.registry.get(user, id);
		return this.reports.find(id, model.version().number());
	}

	private Duration budget(@Nullable Integer seconds, List<Problem> problems) {
		if (seconds == null) {
			return this.properties.defaultTimeBudget();
		}
		Duration budget = Duration.ofSeconds(seconds);
		Duration min = this.properties.minTimeBudget();
		Duration max = this.properties.maxTimeBudget();
		if (budget.compareTo(min) < 0 || budget.compareTo(max) > 0) {
			problems.add(new Problem("time_budget_s",
					"time_budget_s must be in " + min.toSeconds() + ".." + max.toSeconds() + " but was " + seconds));
		}
		return budget;
	}

	private static @Nullable ColumnProfile target(Dataset dataset, TrainingOrder order, List<Problem> problems) {
		TabularProfile profile = switch (dataset.profile()) {
			case TabularProfile tabular -> tabular;
			// image datasets train elsewhere: refused as the datasets module refuses rows
			case ImageProfile images -> throw new WrongDatasetKindException(images.kind(), DatasetKind.TABULAR);
		};
		for (int i = 0; i < order.excludeColumns().size(); i++) {
			String excluded = order.excludeColumns().get(i);
			if (!profile.columnNames().contains(excluded)) {
				problems.add(new Problem("exclude_columns/" + i,
						"exclude_columns names '" + excluded + "', which is not a column of the dataset"));
			}
			else if (excluded.equals(order.target())) {
				problems.add(new Problem("exclude_columns/" + i, "the target '" + excluded + "' cannot be excluded"));
			}
		}
		Optional<ColumnProfile> column = profile.columns()
			.stream()
			.filter((c) -> c.name().equals(order.target()))
			.findFirst();
		if (column.isEmpty()) {
			problems.add(new Problem("target",
					"the dataset has no column '" + order.target() + "'; its columns are " + profile.columnNames()));
			return null;
		}
		if (column.get().distinct() < 2) {
			problems.add(new Problem("target",
					"the target '" + order.target() + "' has "
							+ ((column.get().distinct() == 0) ? "no values" : "one value only")
							+ "; there is nothing to learn"));
			return null;
		}
		return column.get();
	}

	/**
	 * The trainers' rule (trainer-spi's Trainer#train), so that the job shows its task.
	 */
	private static Task inferTask(ColumnProfile target) {
		return switch (target.type()) {
			case CATEGORY, BOOLEAN, TEXT -> Task.CLASSIFICATION;
			case NUMBER -> Task.REGRESSION;
			case INTEGER -> (target.distinctExact() && target.distinct() <= MAX_INTEGER_CLASSES) ? Task.CLASSIFICATION
					: Task.REGRESSION;
		};
	}

	/** The job's events of one name so far, oldest first. */
	private List<JsonNode> events(UserId owner, Job job, String name) {
		var found = new ArrayList<JsonNode>();
		try {
			JobFeed feed = this.jobs.follow(owner, job.id(), null);
			for (JobEvent event : feed.next(Duration.ZERO)) {
				if (name.equals(event.name())) {
					found.add(event.data());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return found;
	}

}

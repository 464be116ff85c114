package io.modelhost.training.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;

import io.modelhost.FileTrees;
import io.modelhost.ModelhostProperties;
import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.jobs.JobContext;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.jobs.JobHandler;
import io.modelhost.jobs.JobKind;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.UploadDeclarations;
import io.modelhost.registry.Uploaded;
import io.modelhost.trainer.Trainer;
import io.modelhost.trainer.TrainerCatalog;
import io.modelhost.trainer.TrainingRequest;
import io.modelhost.trainer.TrainingResult;
import io.modelhost.training.TrainingProperties;
import io.modelhost.training.TrainingReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs {@code training} jobs: reads the dataset through a {@link DatasetSource}, runs the
 * trainer that accepts it on the job's threads with its progress, candidates and cancel
 * mapped onto the job, registers the winner through the registry's normal admission (a
 * new model, or the next version of the owner's model of that name) and keeps its report.
 */
@Component
public class TrainingJobs implements JobHandler {

	/** The kind of job this runs. */
	public static final JobKind KIND = new JobKind("training");

	private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);

	private final Datasets datasets;

	private final ModelRegistry registry;

	private final TrainingReports reports;

	private final TrainerCatalog trainers;

	/** Where each job's trainer writes, in a directory of the job's own. */
	private final Path workRoot;

	private final Duration maxTimeBudget;

	private final Clock clock;

	private final ImageTrainingJobs images;

	TrainingJobs(Datasets datasets, ModelRegistry registry, TrainingReports reports, ModelhostProperties properties,
			TrainingProperties training, Clock clock) {
		this.datasets = datasets;
		this.registry = registry;
		this.reports = reports;
		this.trainers = TrainerCatalog.discover(TrainingJobs.class.getClassLoader());
		this.workRoot = properties.dataDir().resolve("training").toAbsolutePath().normalize();
		this.maxTimeBudget = training.maxTimeBudget();
		this.clock = clock;
		this.images = new ImageTrainingJobs(datasets, registry, reports, this.trainers);
	}

	@Override
	public JobKind kind() {
		return KIND;
	}

	@Override
	public void validate(JsonNode parameters) {
		if (ImageTrainingParameters.isImageTraining(parameters)) {
			ImageTrainingParameters.of(parameters);
		}
		else {
			TrainingParameters.of(parameters);
		}
	}

	@Override
	public JsonNode run(JsonNode parameters, JobContext context) throws IOException {
		Path work = Files.createDirectories(this.workRoot.resolve(context.jobId().value()));
		try {
			return ImageTrainingParameters.isImageTraining(parameters)
					? this.images.run(ImageTrainingParameters.of(parameters), context, work)
					: runTabular(TrainingParameters.of(parameters), context, work);
		}
		finally {
			FileTrees.deleteQuietly(work);
		}
	}

	private JsonNode runTabular(TrainingParameters order, JobContext context, Path work) {
		context.progress(0.0, "reading the dataset");
		TabularProfile profile;
		try {
			profile = this.datasets.profile(context.owner(), order.datasetId());
		}
		catch (DatasetNotFoundException ex) {
			throw new JobFailedException("the dataset " + order.datasetId() + " no longer exists");
		}
		var request = new TrainingRequest(new DatasetSource(this.datasets, context.owner(), order.datasetId(), profile),
				order.target(), order.task(), order.metric(), order.timeBudget(), order.folds(),
				new HashSet<>(order.excludeColumns()), order.seed(), context.threads(), work);
		Trainer trainer = this.trainers.trainerFor(request)
			.orElseThrow(() -> new JobFailedException("no trainer on this server can learn from this dataset"));
		TrainingResult result = Registration
			.train(() -> trainer.train(request, new JobMonitor(context, Registration.TRAINING_SHARE)));
		String description = "Trained from dataset '" + order.datasetName() + "' (" + order.datasetId()
				+ ") to predict '" + order.target() + "' (" + result.task().label() + "): " + result.best().algorithm()
				+ ", cross-validated " + result.metric().label() + " "
				+ String.format(java.util.Locale.ROOT, "%.4f", result.best().metric(result.metric())) + ".";
		Uploaded uploaded = Registration.register(this.registry, context, order.modelName(), description,
				result.artifact(), UploadDeclarations.none());
		ObjectNode outcome = Registration.withModel(Documents.outcome(result), uploaded);
		ObjectNode details = Documents.details(result);
		details.set("dataset",
				details.objectNode().put("id", order.datasetId().value()).put("name", order.datasetName()));
		details.put("target", order.target());
		details.put("time_budget_s", order.timeBudget().toSeconds());
		details.put("folds", order.folds());
		details.put("job_id", context.jobId().value());
		this.reports.insert(new TrainingReport(uploaded.model().id(), uploaded.version().number(), context.jobId(),
				details, uploaded.version().createdAt()), order.datasetId().value());
		log.info("Training job {} registered model {} version {}: {} {} {}", context.jobId(), uploaded.model().id(),
				uploaded.version().number(), result.best().algorithm(), result.metric().label(),
				result.best().metric(result.metric()));
		return outcome;
	}

	/**
	 * Removes what trainings left when a process stopped during one: directories older
	 * than the longest training can run (a running job's directory is younger).
	 */
	@EventListener(ApplicationReadyEvent.class)
	void deleteLeftovers() {
		if (Files.isDirectory(this.workRoot)) {
			Instant before = this.clock.instant().minus(this.maxTimeBudget.multipliedBy(2)).minus(Duration.ofHours(1));
			FileTrees.deleteOlderThan(this.workRoot, before, (entry) -> false);
		}
	}

}

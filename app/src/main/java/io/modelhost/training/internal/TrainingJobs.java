package io.modelhost.training.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;

import io.modelhost.ModelhostProperties;
import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.engine.EngineException;
import io.modelhost.jobs.JobCancelledException;
import io.modelhost.jobs.JobContext;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.jobs.JobHandler;
import io.modelhost.jobs.JobKind;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.UploadDeclarations;
import io.modelhost.registry.RegistryException;
import io.modelhost.registry.Upload;
import io.modelhost.registry.Uploaded;
import io.modelhost.runtime.InsufficientMemoryException;
import io.modelhost.trainer.InvalidTrainingRequestException;
import io.modelhost.trainer.Trainer;
import io.modelhost.trainer.TrainerCatalog;
import io.modelhost.trainer.TrainingCancelledException;
import io.modelhost.trainer.TrainingFailedException;
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

	/** The training's share of the progress; admission takes the rest. */
	private static final double TRAINING_SHARE = 0.95;

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
		if (ImageTrainingParameters.isImageTraining(parameters)) {
			ImageTrainingParameters order = ImageTrainingParameters.of(parameters);
			Path work = Files.createDirectories(this.workRoot.resolve(context.jobId().value()));
			try {
				return this.images.run(order, context, work);
			}
			finally {
				delete(work);
			}
		}
		TrainingParameters order = TrainingParameters.of(parameters);
		context.progress(0.0, "reading the dataset");
		TabularProfile profile;
		try {
			profile = this.datasets.profile(context.owner(), order.datasetId());
		}
		catch (DatasetNotFoundException ex) {
			throw new JobFailedException("the dataset " + order.datasetId() + " no longer exists");
		}
		Path work = Files.createDirectories(this.workRoot).resolve(context.jobId().value());
		Files.createDirectories(work);
		try {
			var request = new TrainingRequest(
					new DatasetSource(this.datasets, context.owner(), order.datasetId(), profile), order.target(),
					order.task(), order.metric(), order.timeBudget(), order.folds(),
					new HashSet<>(order.excludeColumns()), order.seed(), context.threads(), work);
			Trainer trainer = this.trainers.trainerFor(request)
				.orElseThrow(() -> new JobFailedException("no trainer on this server can learn from this dataset"));
			TrainingResult result = train(trainer, request, context);
			// after this, the job would end cancelled with a model registered
			context.throwIfCancelled();
			context.progress(TRAINING_SHARE, "registering the model as '" + order.modelName() + "'");
			Uploaded uploaded = register(order, result, context);
			if (context.cancelled() && uploaded.newModel()) {
				// cancelled while the registry admitted it: the job ends cancelled, so
				// take back the model it made (a new version of an existing model stays)
				this.registry.delete(context.owner(), uploaded.model().id());
				throw new JobCancelledException();
			}
			context.progress(1.0, "registered as '" + order.modelName() + "' version " + uploaded.version().number());
			ObjectNode outcome = Documents.outcome(result);
			outcome.put("model_id", uploaded.model().id().value());
			outcome.put("model_version", uploaded.version().number());
			outcome.put("new_model", uploaded.newModel());
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
		finally {
			delete(work);
		}
	}

	/**
	 * Removes what trainings left when a process stopped during one: directories older
	 * than the longest training can run (a running job's directory is younger).
	 */
	@EventListener(ApplicationReadyEvent.class)
	void deleteLeftovers() throws IOException {
		if (!Files.isDirectory(this.workRoot)) {
			return;
		}
		Instant before = this.clock.instant().minus(this.maxTimeBudget.multipliedBy(2)).minus(Duration.ofHours(1));
		try (var entries = Files.list(this.workRoot)) {
			for (Path entry : entries.toList()) {
				if (Files.getLastModifiedTime(entry).toInstant().isBefore(before)) {
					delete(entry);
				}
			}
		}
	}

	private static TrainingResult train(Trainer trainer, TrainingRequest request, JobContext context) {
		try {
			return trainer.train(request, new JobMonitor(context, TRAINING_SHARE));
		}
		catch (TrainingCancelledException ex) {
			throw new JobCancelledException();
		}
		catch (InvalidTrainingRequestException | TrainingFailedException ex) {
			throw new JobFailedException(ex.getMessage(), ex);
		}
	}

	private Uploaded register(TrainingParameters order, TrainingResult result, JobContext context) {
		String description = "Trained from dataset '" + order.datasetName() + "' (" + order.datasetId()
				+ ") to predict '" + order.target() + "' (" + result.task().label() + "): " + result.best().algorithm()
				+ ", cross-validated " + result.metric().label() + " "
				+ String.format(java.util.Locale.ROOT, "%.4f", result.best().metric(result.metric())) + ".";
		Path file = result.artifact().file();
		String filename = order.modelName().replaceAll("[^A-Za-z0-9._-]+", "_") + "." + result.artifact().formatId();
		try {
			return this.registry.upload(context.owner(), order.modelName(), description, new FileUpload(file, filename),
					UploadDeclarations.none());
		}
		catch (EngineException | RegistryException | InsufficientMemoryException ex) {
			throw new JobFailedException("the trained model could not be registered: " + ex.getMessage(), ex);
		}
	}

	private static void delete(Path directory) {
		try {
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					Files.delete(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
					Files.delete(dir);
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			log.warn("Training work directory {} not removed: {}", directory, ex.getMessage());
		}
	}

	/** The trained file, handed to the registry like an upload. */
	record FileUpload(Path file, String filename) implements Upload {

		@Override
		public void transferTo(Path target) throws IOException {
			Files.copy(this.file, target);
		}

	}

}

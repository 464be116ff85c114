package io.modelhost.training.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.modelhost.datasets.DatasetNotFoundException;
import io.modelhost.datasets.DatasetPictures;
import io.modelhost.datasets.Datasets;
import io.modelhost.engine.ImagePreprocessing;
import io.modelhost.jobs.JobContext;
import io.modelhost.jobs.JobFailedException;
import io.modelhost.protocol.ImageInput;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.UploadDeclarations;
import io.modelhost.registry.Uploaded;
import io.modelhost.trainer.ImageTrainer;
import io.modelhost.trainer.ImageTrainingRequest;
import io.modelhost.trainer.ImageTrainingResult;
import io.modelhost.trainer.TrainerCatalog;
import io.modelhost.training.TrainingReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the image trainings among {@code training} jobs: reads the image dataset, trains a
 * classifier with the image trainer on the job's threads (each epoch an {@code epoch}
 * event), registers the ONNX file it wrote with its picture preprocessing and class
 * labels declared, so that its endpoint takes pictures at once, and keeps its report.
 */
final class ImageTrainingJobs {

	private static final Logger log = LoggerFactory.getLogger(ImageTrainingJobs.class);

	private final Datasets datasets;

	private final ModelRegistry registry;

	private final TrainingReports reports;

	private final TrainerCatalog trainers;

	ImageTrainingJobs(Datasets datasets, ModelRegistry registry, TrainingReports reports, TrainerCatalog trainers) {
		this.datasets = datasets;
		this.registry = registry;
		this.reports = reports;
		this.trainers = trainers;
	}

	JsonNode run(ImageTrainingParameters order, JobContext context, Path work) throws IOException {
		ImageTrainer trainer = this.trainers.imageTrainer()
			.orElseThrow(() -> new JobFailedException("no image trainer is installed on this server"));
		context.progress(0.0, "reading the pictures");
		DatasetPictures source;
		try {
			source = this.datasets.pictures(context.owner(), order.datasetId());
		}
		catch (DatasetNotFoundException ex) {
			throw new JobFailedException("the dataset " + order.datasetId() + " no longer exists");
		}
		var input = ImagePreprocessing.unitScaled(order.width(), order.height(), order.channels(),
				ImagePreprocessing.Layout.NCHW);
		var request = new ImageTrainingRequest(source, input, order.epochs(), order.batchSize(), order.learningRate(),
				order.validationSplit(), order.testSplit(), order.augmentation(), order.dropout(), order.weightDecay(),
				order.loss(), order.patience(), order.seed(), context.threads(), work);
		ImageTrainingResult result = Registration
			.train(() -> trainer.train(request, new JobMonitor(context, Registration.TRAINING_SHARE)));
		Double accuracy = result.testMetrics().get("accuracy");
		String description = "Image classifier trained from dataset '" + order.datasetName() + "' (" + order.datasetId()
				+ "): " + result.classes().size() + " classes, " + result.architecture() + ", "
				+ result.history().size() + " epochs"
				+ ((accuracy != null) ? String.format(Locale.ROOT, ", test accuracy %.4f", accuracy) : "") + ".";
		// its endpoint takes pictures at once, converted as in training
		var declarations = new UploadDeclarations(List.of(),
				new ImageInput(result.input(), result.classes(), ImageInput.Output.PROBABILITIES));
		Uploaded uploaded = Registration.register(this.registry, context, order.modelName(), description,
				result.artifact(), declarations);
		ObjectNode outcome = Registration.withModel(Documents.imageOutcome(result), uploaded);
		ObjectNode details = Documents.imageOutcome(result);
		details.set("dataset",
				details.objectNode().put("id", order.datasetId().value()).put("name", order.datasetName()));
		details.set("settings", order.toJson());
		details.put("job_id", context.jobId().value());
		this.reports.insert(new TrainingReport(uploaded.model().id(), uploaded.version().number(), context.jobId(),
				details, uploaded.version().createdAt()), order.datasetId().value());
		log.info("Image training job {} registered model {} version {}: test accuracy {} after {} epochs",
				context.jobId(), uploaded.model().id(), uploaded.version().number(),
				result.testMetrics().get("accuracy"), result.history().size());
		return outcome;
	}

}

package io.modelhost.training.web;

import java.time.Instant;

import io.modelhost.jobs.Job;
import io.modelhost.training.TrainingJob;
import io.modelhost.web.PublicUrls;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** An image training job as the API shows it. */
record ImageTrainingJobResponse(@Schema(description = "images") String kind, String id,
		@Schema(description = "queued, running, succeeded, failed or cancelled") String status,
		@Schema(description = "0..1") double progress, @Nullable String stage, String datasetId, String modelName,
		@Schema(description = "The settings, defaults filled in: epochs, batch_size, learning_rate, "
				+ "validation_split, test_split, augmentation, dropout, weight_decay, loss, early_stopping, "
				+ "image_size {width, height, channels}, seed") JsonNode settings,
		@Schema(description = "One entry per finished epoch: epoch, train_loss, train_accuracy, val_loss, "
				+ "val_accuracy, seconds; filling in while the job runs") JsonNode history,
		@Schema(description = "The epoch whose weights were kept: the lowest validation loss") @Nullable Integer bestEpoch,
		@Schema(description = "On the test split: accuracy, loss, macro_f1") @Nullable JsonNode testMetrics,
		@Schema(description = "On the test split: labels and counts[actual][predicted]") @Nullable JsonNode confusionMatrix,
		@Schema(description = "The labels the model predicts") @Nullable JsonNode classes,
		@Schema(description = "Pictures per part: train, validation, test") @Nullable JsonNode split,
		@Nullable String modelId, @Nullable Integer modelVersion,
		@Schema(description = "When the model existed and the new version is not compatible with the one "
				+ "production serves: the differences. Production stays until the version is promoted with "
				+ "force") @Nullable JsonNode incompatibilities,
		@Schema(description = "Where the registered model answers predictions (pictures or tensors)") @Nullable String endpointUrl,
		@Nullable String error, boolean cancelRequested, Instant createdAt, @Nullable Instant startedAt,
		@Nullable Instant finishedAt, String eventsUrl) implements TrainingJobView {

	static ImageTrainingJobResponse of(TrainingJob training, PublicUrls urls) {
		Job job = training.job();
		JsonNode parameters = job.parameters();
		JsonNode result = job.result();
		String id = job.id().value();
		String modelId = (result != null && result.has("model_id")) ? result.get("model_id").asString() : null;
		JsonNode settings = parameters.deepCopy();
		((tools.jackson.databind.node.ObjectNode) settings)
			.remove(java.util.List.of("kind", "dataset_id", "dataset_name", "model_name"));
		return new ImageTrainingJobResponse("images", id, job.status().label(), job.progress(), job.stage(),
				parameters.path("dataset_id").asString(), parameters.path("model_name").asString(), settings,
				history(training, result), (result != null) ? result.path("best_epoch").asInt() : null,
				member(result, "test_metrics"), member(result, "confusion_matrix"), member(result, "classes"),
				member(result, "split"), modelId,
				(result != null && result.has("model_version")) ? result.get("model_version").asInt() : null,
				(result != null) ? result.get("incompatibilities") : null,
				(modelId != null) ? urls.of("/api/v1/models/" + modelId + "/predict") : null, job.error(),
				job.cancelRequested(), job.createdAt(), job.startedAt(), job.finishedAt(),
				"/api/v1/training-jobs/" + id + "/events");
	}

	private static @Nullable JsonNode member(@Nullable JsonNode result, String name) {
		return (result != null && result.has(name) && !result.get(name).isNull()) ? result.get(name) : null;
	}

	private static JsonNode history(TrainingJob training, @Nullable JsonNode result) {
		if (result != null && result.has("history")) {
			return result.get("history");
		}
		ArrayNode history = JsonNodeFactory.instance.arrayNode();
		training.history().forEach(history::add);
		return history;
	}

}

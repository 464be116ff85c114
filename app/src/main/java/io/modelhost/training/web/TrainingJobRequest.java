package io.modelhost.training.web;

import java.util.ArrayList;
import java.util.List;

import io.modelhost.training.ImageOptions;
import io.modelhost.training.InvalidTrainingOrderException;
import io.modelhost.training.InvalidTrainingOrderException.Problem;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A training order as the API takes it. */
record TrainingJobRequest(
		@Schema(description = "One of your datasets: tabular (a CSV) or images") @Nullable String datasetId,
		@Schema(description = "Tabular: the column to predict") @Nullable String target,
		@Schema(description = "The model to register the winner as: a new model, or the next version of your "
				+ "model of that name") @Nullable String modelName,
		@Schema(description = "classification or regression; inferred from the target when absent") @Nullable String task,
		@Schema(description = "accuracy, f1_macro, roc_auc, log_loss (classification); rmse, mae, r2 (regression); "
				+ "accuracy or rmse when absent") @Nullable String metric,
		@Schema(description = "How long the search may take, in seconds (default 60)") @Nullable Integer timeBudgetS,
		@Schema(description = "Cross-validation folds, 2..20 (default 5)") @Nullable Integer folds,
		@Schema(description = "Columns the model must not read") @Nullable List<String> excludeColumns,
		@Schema(description = "Seeds the folds and the learners, or an image training's split, weights and "
				+ "augmentation (default 42)") @Nullable Long seed,
		@Schema(description = "Images: the most passes over the training pictures, 1..200 (default 50)") @Nullable Integer epochs,
		@Schema(description = "Images: pictures per step, 1..1024 (default 32)") @Nullable Integer batchSize,
		@Schema(description = "Images: the optimiser's (Adam) step size (default 0.002)") @Nullable Double learningRate,
		@Schema(description = "Images: the share held out to pick the best epoch, 0.05..0.5 (default 0.1)") @Nullable Double validationSplit,
		@Schema(description = "Images: the share held out for the test metrics, 0..0.5 (default 0.1)") @Nullable Double testSplit,
		@Schema(description = "Images: randomly shift, rotate and scale training pictures (default true)") @Nullable Boolean augmentation,
		@Schema(description = "Images: the dropout rate, 0..0.9 (default 0.25)") @Nullable Double dropout,
		@Schema(description = "Images: Adam's weight decay, 0..1 (default 0.0001)") @Nullable Double weightDecay,
		@Schema(description = "Images: cross_entropy (default), cross_entropy_l1 or cross_entropy_l2") @Nullable String loss,
		@Schema(description = "Images: stop after this many epochs without a better validation loss (default "
				+ "12); false never stops early, true keeps the default",
				oneOf = {
						Integer.class, Boolean.class }) @Nullable JsonNode earlyStopping,
		@Schema(description = "Images: the side pictures are resized to (an integer), or {width, height}; "
				+ "default the dataset's size, 64 when its pictures differ",
				oneOf = { Integer.class, Object.class }) @Nullable JsonNode imageSize){

	/**
	 * The image settings given.
	 * @throws InvalidTrainingOrderException when early_stopping or image_size has the
	 * wrong shape
	 */
	ImageOptions imageOptions() {
		var problems = new ArrayList<Problem>();
		Integer patience = null;
		if (this.earlyStopping != null && !this.earlyStopping.isNull()) {
			if (this.earlyStopping.isBoolean()) {
				patience = this.earlyStopping.asBoolean() ? null : 0;
			}
			else if (this.earlyStopping.isIntegralNumber() && this.earlyStopping.canConvertToInt()) {
				patience = this.earlyStopping.asInt();
			}
			else {
				problems.add(new Problem("early_stopping",
						"early_stopping must be a whole number of epochs, true or false"));
			}
		}
		Integer width = null;
		Integer height = null;
		if (this.imageSize != null && !this.imageSize.isNull()) {
			if (this.imageSize.isIntegralNumber() && this.imageSize.canConvertToInt()) {
				width = this.imageSize.asInt();
				height = width;
			}
			else if (this.imageSize.isObject() && this.imageSize.path("width").isIntegralNumber()
					&& this.imageSize.path("height").isIntegralNumber()) {
				width = this.imageSize.get("width").asInt();
				height = this.imageSize.get("height").asInt();
			}
			else {
				problems.add(new Problem("image_size",
						"image_size must be a whole number of pixels or {\"width\": …, \"height\": …}"));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidTrainingOrderException(problems);
		}
		return new ImageOptions(this.epochs, this.batchSize, this.learningRate, this.validationSplit, this.testSplit,
				this.augmentation, this.dropout, this.weightDecay, this.loss, patience, width, height);
	}

}

package io.modelhost.training.internal;

import java.util.List;

import io.modelhost.datasets.DatasetId;
import io.modelhost.jobs.InvalidJobParametersException;
import io.modelhost.trainer.LossFunction;
import io.modelhost.training.ImageOptions;
import io.modelhost.training.InvalidTrainingOrderException.Problem;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static io.modelhost.training.internal.TrainingParameters.number;
import static io.modelhost.training.internal.TrainingParameters.real;
import static io.modelhost.training.internal.TrainingParameters.text;

/**
 * A checked image training order as a {@code training} job keeps it in its parameters
 * (with {@code "kind":"images"}): every setting filled in.
 *
 * @param datasetId the image dataset
 * @param datasetName its name when the job was submitted
 * @param modelName the model to register the classifier as
 * @param epochs the most passes over the training pictures
 * @param batchSize pictures per step
 * @param learningRate the optimiser's step size
 * @param validationSplit the share held out to pick the best epoch
 * @param testSplit the share held out for the test metrics
 * @param augmentation whether training pictures are randomly transformed
 * @param dropout the dropout rate
 * @param weightDecay the optimiser's weight decay
 * @param loss what is minimised
 * @param patience epochs without a better validation loss before stopping; 0 never
 * @param width the width pictures are resized to
 * @param height the height pictures are resized to
 * @param channels 1 (grey) or 3 (RGB), from the dataset
 * @param seed seeds the split, the weights and the augmentation
 */
public record ImageTrainingParameters(DatasetId datasetId, String datasetName, String modelName, int epochs,
		int batchSize, double learningRate, double validationSplit, double testSplit, boolean augmentation,
		double dropout, double weightDecay, LossFunction loss, int patience, int width, int height, int channels,
		long seed) {

	/** The value of {@code kind} in the parameters of an image training job. */
	public static final String KIND = "images";

	// the defaults: trainer-images' ImageTrainerDefaults, measured on the 600 fixture
	// digits in benchmarks/training/images
	static final int DEFAULT_EPOCHS = 50;

	static final int DEFAULT_BATCH_SIZE = 32;

	static final double DEFAULT_LEARNING_RATE = 0.002;

	static final double DEFAULT_VALIDATION_SPLIT = 0.1;

	static final double DEFAULT_TEST_SPLIT = 0.1;

	static final double DEFAULT_DROPOUT = 0.25;

	static final double DEFAULT_WEIGHT_DECAY = 1e-4;

	static final int DEFAULT_PATIENCE = 12;

	/** Every default as an order would give it (image size: the dataset's). */
	public static final ImageOptions DEFAULTS = new ImageOptions(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE,
			DEFAULT_LEARNING_RATE, DEFAULT_VALIDATION_SPLIT, DEFAULT_TEST_SPLIT, true, DEFAULT_DROPOUT,
			DEFAULT_WEIGHT_DECAY, LossFunction.CROSS_ENTROPY.label(), DEFAULT_PATIENCE, null, null);

	/** The side pictures of mixed sizes are resized to unless the order says. */
	static final int DEFAULT_MIXED_SIDE = 64;

	static final int MIN_SIDE = 8;

	static final int MAX_SIDE = 256;

	/** Whether job parameters are those of an image training. */
	public static boolean isImageTraining(JsonNode parameters) {
		return KIND.equals(parameters.path("kind").asString(""));
	}

	/**
	 * Checks an order's image settings, adding a problem per bad one, and fills in the
	 * defaults.
	 * @param width the dataset's picture width, or 0 when its pictures differ in size
	 * @param height the dataset's picture height, or 0 when they differ
	 * @param channels 1 when every picture is grey, else 3
	 * @return the parameters, or null when a problem was added
	 */
	public static @Nullable ImageTrainingParameters check(ImageOptions options, DatasetId datasetId, String datasetName,
			String modelName, int width, int height, int channels, @Nullable Long seed, List<Problem> problems) {
		int before = problems.size();
		int epochs = checkedWhole(options.epochs(), DEFAULT_EPOCHS, "epochs", 1, 200, problems);
		int batchSize = checkedWhole(options.batchSize(), DEFAULT_BATCH_SIZE, "batch_size", 1, 1024, problems);
		double learningRate = checkedReal(options.learningRate(), DEFAULT_LEARNING_RATE, "learning_rate", 1e-6, 1.0,
				problems);
		double validation = checkedReal(options.validationSplit(), DEFAULT_VALIDATION_SPLIT, "validation_split", 0.05,
				0.5, problems);
		double test = checkedReal(options.testSplit(), DEFAULT_TEST_SPLIT, "test_split", 0.0, 0.5, problems);
		if (validation <= 0.5 && test <= 0.5 && validation + test > 0.6) {
			problems.add(new Problem("test_split", "validation_split and test_split together may hold out at most 0.6 "
					+ "of the pictures but hold out " + (validation + test)));
		}
		double dropout = checkedReal(options.dropout(), DEFAULT_DROPOUT, "dropout", 0.0, 0.9, problems);
		double weightDecay = checkedReal(options.weightDecay(), DEFAULT_WEIGHT_DECAY, "weight_decay", 0.0, 1.0,
				problems);
		LossFunction loss = LossFunction.CROSS_ENTROPY;
		if (options.loss() != null) {
			try {
				loss = LossFunction.of(options.loss());
			}
			catch (IllegalArgumentException ex) {
				problems.add(new Problem("loss", ex.getMessage()));
			}
		}
		int patience = checkedWhole(options.patience(), DEFAULT_PATIENCE, "early_stopping", 0, 200, problems);
		int side = (width > 0 && height > 0) ? 0 : DEFAULT_MIXED_SIDE;
		int targetWidth = checkedWhole(options.width(), (side > 0) ? side : Math.clamp(width, MIN_SIDE, MAX_SIDE),
				"image_size/width", MIN_SIDE, MAX_SIDE, problems);
		int targetHeight = checkedWhole(options.height(), (side > 0) ? side : Math.clamp(height, MIN_SIDE, MAX_SIDE),
				"image_size/height", MIN_SIDE, MAX_SIDE, problems);
		if (problems.size() > before) {
			return null;
		}
		return new ImageTrainingParameters(datasetId, datasetName, modelName, epochs, batchSize, learningRate,
				validation, test, options.augmentation() == null || options.augmentation(), dropout, weightDecay, loss,
				patience, targetWidth, targetHeight, channels, (seed != null) ? seed : 42L);
	}

	private static int checkedWhole(@Nullable Integer value, int fallback, String field, int min, int max,
			List<Problem> problems) {
		if (value == null) {
			return fallback;
		}
		if (value < min || value > max) {
			problems.add(new Problem(field,
					field.replace('/', '.') + " must be in " + min + ".." + max + " but was " + value));
		}
		return value;
	}

	private static double checkedReal(@Nullable Double value, double fallback, String field, double min, double max,
			List<Problem> problems) {
		if (value == null) {
			return fallback;
		}
		if (!(value >= min && value <= max)) {
			problems.add(new Problem(field, field + " must be in [" + min + ", " + max + "] but was " + value));
		}
		return value;
	}

	public ObjectNode toJson() {
		ObjectNode node = JsonNodeFactory.instance.objectNode()
			.put("kind", KIND)
			.put("dataset_id", this.datasetId.value())
			.put("dataset_name", this.datasetName)
			.put("model_name", this.modelName)
			.put("epochs", this.epochs)
			.put("batch_size", this.batchSize)
			.put("learning_rate", this.learningRate)
			.put("validation_split", this.validationSplit)
			.put("test_split", this.testSplit)
			.put("augmentation", this.augmentation)
			.put("dropout", this.dropout)
			.put("weight_decay", this.weightDecay)
			.put("loss", this.loss.label())
			.put("early_stopping", this.patience);
		node.putObject("image_size").put("width", this.width).put("height", this.height).put("channels", this.channels);
		node.put("seed", this.seed);
		return node;
	}

	/**
	 * The parameters an image training job keeps.
	 * @throws InvalidJobParametersException if a field is missing or malformed
	 */
	public static ImageTrainingParameters of(JsonNode node) {
		try {
			JsonNode size = node.path("image_size");
			return new ImageTrainingParameters(new DatasetId(text(node, "dataset_id")), text(node, "dataset_name"),
					text(node, "model_name"), (int) number(node, "epochs"), (int) number(node, "batch_size"),
					real(node, "learning_rate"), real(node, "validation_split"), real(node, "test_split"),
					node.path("augmentation").asBoolean(true), real(node, "dropout"), real(node, "weight_decay"),
					LossFunction.of(text(node, "loss")), (int) number(node, "early_stopping"),
					(int) number(size, "width"), (int) number(size, "height"), (int) number(size, "channels"),
					number(node, "seed"));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobParametersException("parameters", ex.getMessage());
		}
	}

}

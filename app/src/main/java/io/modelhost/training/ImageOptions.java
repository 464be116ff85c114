package io.modelhost.training;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The settings of an image training, as the user gave them; null where the user left a
 * setting to its default. {@link Training#submit} checks them against the dataset.
 *
 * @param epochs the most passes over the training pictures, 1..200
 * @param batchSize pictures per step, 1..1024
 * @param learningRate the optimiser's step size, in (0, 1]
 * @param validationSplit the share held out to pick the best epoch, in [0.05, 0.5]
 * @param testSplit the share held out for the test metrics, in [0, 0.5]
 * @param augmentation whether training pictures are randomly shifted, rotated and scaled
 * @param dropout the dropout rate, in [0, 0.9]
 * @param weightDecay the optimiser's weight decay, in [0, 1]
 * @param loss {@code cross_entropy}, {@code cross_entropy_l1} or {@code cross_entropy_l2}
 * @param patience stop after this many epochs without a better validation loss; 0 never
 * stops early
 * @param width the width pictures are resized to, 4..256
 * @param height the height pictures are resized to, 4..256
 */
public record ImageOptions(@Nullable Integer epochs, @Nullable Integer batchSize, @Nullable Double learningRate,
		@Nullable Double validationSplit, @Nullable Double testSplit, @Nullable Boolean augmentation,
		@Nullable Double dropout, @Nullable Double weightDecay, @Nullable String loss, @Nullable Integer patience,
		@Nullable Integer width, @Nullable Integer height) {

	/** No setting given. */
	public static final ImageOptions NONE = new ImageOptions(null, null, null, null, null, null, null, null, null, null,
			null, null);

	/** The API names of the settings given, e.g. {@code epochs}. */
	public List<String> given() {
		var given = new ArrayList<String>();
		add(given, "epochs", this.epochs);
		add(given, "batch_size", this.batchSize);
		add(given, "learning_rate", this.learningRate);
		add(given, "validation_split", this.validationSplit);
		add(given, "test_split", this.testSplit);
		add(given, "augmentation", this.augmentation);
		add(given, "dropout", this.dropout);
		add(given, "weight_decay", this.weightDecay);
		add(given, "loss", this.loss);
		add(given, "early_stopping", this.patience);
		add(given, "image_size", (this.width != null) ? this.width : this.height);
		return given;
	}

	private static void add(List<String> given, String name, @Nullable Object value) {
		if (value != null) {
			given.add(name);
		}
	}

}

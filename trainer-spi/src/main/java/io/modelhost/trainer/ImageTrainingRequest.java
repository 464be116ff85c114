package io.modelhost.trainer;

import java.nio.file.Path;

import io.modelhost.engine.ImagePreprocessing;

/**
 * What to train on a labelled image dataset: a small convolutional classifier.
 *
 * @param source the pictures and their labels
 * @param input how pictures become the network's input tensor, in training and later in
 * serving (size, channels, scaling; layout NCHW)
 * @param epochs the most passes over the training pictures, 1..1000
 * @param batchSize pictures per step, 1..4096
 * @param learningRate the optimiser's step size, in (0, 1]
 * @param validationSplit the fraction of pictures held out to pick the best epoch, in [0,
 * 0.5]; 0 picks the last epoch
 * @param testSplit the fraction held out for the final test metrics, in [0, 0.5]; 0 gives
 * none
 * @param augmentation whether training pictures are randomly shifted, rotated and scaled
 * @param dropout the dropout rate before the last layer, in [0, 0.9]
 * @param weightDecay the optimiser's weight decay, at least 0
 * @param loss what is minimised
 * @param patience stop when the validation loss has not improved for this many epochs; 0
 * never stops early
 * @param seed seeds the split, the initial weights, the batch order and the augmentation
 * @param maxThreads the most threads the trainer may keep busy, at least 1
 * @param outputDirectory an existing, private directory the trainer writes the model file
 * into
 */
public record ImageTrainingRequest(ImageSource source, ImagePreprocessing input, int epochs, int batchSize,
		double learningRate, double validationSplit, double testSplit, boolean augmentation, double dropout,
		double weightDecay, LossFunction loss, int patience, long seed, int maxThreads, Path outputDirectory) {

	public ImageTrainingRequest {
		if (input.layout() != ImagePreprocessing.Layout.NCHW) {
			throw new IllegalArgumentException("input layout must be NCHW but was " + input.layout());
		}
		requireRange("epochs", epochs, 1, 1000);
		requireRange("batchSize", batchSize, 1, 4096);
		if (!(learningRate > 0 && learningRate <= 1)) {
			throw new IllegalArgumentException("learningRate must be in (0, 1] but was " + learningRate);
		}
		requireFraction("validationSplit", validationSplit, 0.5);
		requireFraction("testSplit", testSplit, 0.5);
		requireFraction("dropout", dropout, 0.9);
		if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
			throw new IllegalArgumentException("weightDecay must be >= 0 but was " + weightDecay);
		}
		if (patience < 0) {
			throw new IllegalArgumentException("patience must be >= 0 but was " + patience);
		}
		if (maxThreads < 1) {
			throw new IllegalArgumentException("maxThreads must be >= 1 but was " + maxThreads);
		}
	}

	private static void requireRange(String name, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(name + " must be in " + min + ".." + max + " but was " + value);
		}
	}

	private static void requireFraction(String name, double value, double max) {
		if (!(value >= 0 && value <= max)) {
			throw new IllegalArgumentException(name + " must be in [0, " + max + "] but was " + value);
		}
	}

}

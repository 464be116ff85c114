package io.modelhost.trainer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.modelhost.engine.ImagePreprocessing;

/**
 * What an image training produced.
 *
 * @param classes the labels, in the order of the model's output scores
 * @param input the preprocessing the model was trained with, to serve it with
 * @param architecture the network in words, e.g.
 * {@code conv16-pool-conv32-pool-dense64-dense10}
 * @param history every finished epoch, in order
 * @param bestEpoch the epoch whose weights were kept (lowest validation loss, or the
 * last)
 * @param testMetrics on the test split: {@code accuracy}, {@code loss}, {@code macro_f1};
 * empty without a test split
 * @param confusionMatrix on the test split; null without one
 * @param split how many pictures each part had: {@code train}, {@code validation},
 * {@code test}
 * @param artifact an ONNX file: input {@code image} [-1, channels, height, width] float,
 * output {@code probabilities} [-1, classes] (softmax)
 * @param notes facts worth showing the user, e.g. that training stopped early
 * @param duration the wall time of the whole training
 */
public record ImageTrainingResult(List<String> classes, ImagePreprocessing input, String architecture,
		List<EpochReport> history, int bestEpoch, Map<String, Double> testMetrics,
		@Nullable ConfusionMatrix confusionMatrix, Map<String, Integer> split, ModelArtifact artifact,
		List<String> notes, Duration duration) {

	public ImageTrainingResult {
		classes = List.copyOf(classes);
		history = List.copyOf(history);
		testMetrics = Map.copyOf(testMetrics);
		split = Map.copyOf(split);
		notes = List.copyOf(notes);
	}

}

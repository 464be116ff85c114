package io.modelhost.protocol;

import java.util.Map;

import io.modelhost.engine.DataType;
import io.modelhost.engine.Prediction;
import io.modelhost.engine.PredictionFailedException;
import io.modelhost.engine.Tensor;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An image classifier's answer as a response body: {@code predictions} (the most likely
 * class of each picture, by label), {@code probabilities} (one row per picture, in the
 * order of {@code classes}) and {@code classes}. Logits become probabilities by softmax.
 */
public final class ImageResponses {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** How far from 1 a row of probabilities may sum. */
	private static final double SUM_TOLERANCE = 1e-3;

	private ImageResponses() {
	}

	/**
	 * The body's prediction fields; the caller adds model id, version and latency.
	 * @throws PredictionFailedException when the model's output is not one
	 * {@code [pictures, classes]} tensor of numbers, or has another number of classes
	 * than the labels
	 */
	public static ObjectNode encode(Prediction prediction, ImageInput declared) {
		if (!(prediction instanceof Prediction.Tensors tensors) || tensors.outputs().size() != 1) {
			throw failed("the image model did not give one output tensor");
		}
		Map.Entry<String, Tensor> output = tensors.outputs().entrySet().iterator().next();
		Tensor tensor = output.getValue();
		if (tensor.shape().size() != 2 || !tensor.type().isNumeric() || tensor.type() == DataType.BOOL) {
			throw failed("the image model's output '" + output.getKey() + "' is " + tensor.type() + " " + tensor.shape()
					+ ", not [pictures, classes] scores");
		}
		int rows = tensor.shape().get(0).intValue();
		int classes = tensor.shape().get(1).intValue();
		if (!declared.labels().isEmpty() && classes != declared.labels().size()) {
			throw failed("the image model gave " + classes + " classes but " + declared.labels().size()
					+ " labels are declared");
		}
		ObjectNode body = NODES.objectNode();
		ArrayNode predictions = body.putArray("predictions");
		ArrayNode probabilities = body.putArray("probabilities");
		for (int r = 0; r < rows; r++) {
			double[] row = new double[classes];
			for (int c = 0; c < classes; c++) {
				row[c] = ((Number) tensor.element(r * classes + c)).doubleValue();
			}
			double[] p = probabilities(row, declared.output());
			int best = 0;
			ArrayNode values = probabilities.addArray();
			for (int c = 0; c < classes; c++) {
				values.add(p[c]);
				if (p[c] > p[best]) {
					best = c;
				}
			}
			predictions.add(declared.label(best));
		}
		ArrayNode names = body.putArray("classes");
		for (int c = 0; c < classes; c++) {
			names.add(declared.label(c));
		}
		return body;
	}

	/** A row of scores as probabilities. */
	static double[] probabilities(double[] scores, ImageInput.Output output) {
		boolean logits = switch (output) {
			case PROBABILITIES -> false;
			case LOGITS -> true;
			case AUTO -> !looksLikeProbabilities(scores);
		};
		if (!logits) {
			return scores.clone();
		}
		double max = Double.NEGATIVE_INFINITY;
		for (double score : scores) {
			max = Math.max(max, score);
		}
		double[] p = new double[scores.length];
		double sum = 0;
		for (int i = 0; i < scores.length; i++) {
			p[i] = Math.exp(scores[i] - max);
			sum += p[i];
		}
		for (int i = 0; i < p.length; i++) {
			p[i] /= sum;
		}
		return p;
	}

	private static boolean looksLikeProbabilities(double[] scores) {
		double sum = 0;
		for (double score : scores) {
			if (!(score >= 0 && score <= 1)) {
				return false;
			}
			sum += score;
		}
		return Math.abs(sum - 1) <= SUM_TOLERANCE;
	}

	private static PredictionFailedException failed(String message) {
		return new PredictionFailedException(message, new IllegalStateException(message));
	}

}

package io.modelhost.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.modelhost.protocol.ImageInput;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The most likely classes of each example in a test console's answer, when the answer is
 * a classifier's: a tensor model's vector of scores per example (softmax applied unless
 * they are probabilities already, or as its declared image input says), or a tabular
 * classifier's {@code probabilities} with its {@code classes}. Labels are the declared
 * image input's, the classifier's classes, or else the class indices.
 *
 * @param examples the first examples' best classes, in the request's order
 * @param softmax whether the scores were logits turned into probabilities
 */
record ConsoleTop(List<Example> examples, boolean softmax) {

	/** How many classes an example lists. */
	static final int TOP = 5;

	/** How many examples are shown. */
	static final int EXAMPLES = 5;

	private static final ConsoleTop NONE = new ConsoleTop(List.of(), false);

	static ConsoleTop none() {
		return NONE;
	}

	public boolean shown() {
		return !this.examples.isEmpty();
	}

	/**
	 * The best classes of an answer, or none when it is not a classifier's.
	 * @param response the prediction's JSON
	 * @param imageInput the model's declared image input, for its labels and output kind
	 */
	static ConsoleTop of(@Nullable JsonNode response, @Nullable ImageInput imageInput) {
		if (response == null) {
			return NONE;
		}
		JsonNode classes = response.get("classes");
		JsonNode probabilities = response.get("probabilities");
		if (classes != null && probabilities != null && probabilities.isArray()) {
			List<String> labels = new ArrayList<>();
			classes.forEach((c) -> labels.add(c.asString()));
			return of(probabilities, labels, ImageInput.Output.PROBABILITIES);
		}
		JsonNode scores = scores(response);
		if (scores == null) {
			return NONE;
		}
		return of(scores, (imageInput != null) ? imageInput.labels() : List.of(),
				(imageInput != null) ? imageInput.output() : ImageInput.Output.AUTO);
	}

	/** A tensor answer's scores per example: its only output, or the first that fits. */
	private static @Nullable JsonNode scores(JsonNode response) {
		JsonNode predictions = response.get("predictions");
		if (predictions != null) {
			return vectors(predictions) ? predictions : null;
		}
		JsonNode outputs = response.get("outputs");
		if (outputs == null || !outputs.isObject()) {
			return null;
		}
		JsonNode found = null;
		for (String name : outputs.propertyNames()) {
			JsonNode output = outputs.get(name);
			if (vectors(output)) {
				if (name.toLowerCase(Locale.ROOT).contains("prob")) {
					return output;
				}
				if (found == null) {
					found = output;
				}
			}
		}
		return found;
	}

	/** Whether every example is a flat vector of at least 2 numbers. */
	private static boolean vectors(JsonNode examples) {
		if (!examples.isArray() || examples.isEmpty()) {
			return false;
		}
		for (JsonNode example : examples) {
			if (!example.isArray() || example.size() < 2) {
				return false;
			}
			for (JsonNode value : example) {
				if (!value.isNumber()) {
					return false;
				}
			}
		}
		return true;
	}

	private static ConsoleTop of(JsonNode rows, List<String> labels, ImageInput.Output output) {
		var examples = new ArrayList<Example>();
		boolean softmax = false;
		for (int row = 0; row < rows.size() && row < EXAMPLES; row++) {
			JsonNode values = rows.get(row);
			double[] scores = new double[values.size()];
			for (int i = 0; i < scores.length; i++) {
				scores[i] = values.get(i).asDouble();
			}
			boolean logits = switch (output) {
				case PROBABILITIES -> false;
				case LOGITS -> true;
				case AUTO -> !probabilities(scores);
			};
			double[] p = logits ? softmax(scores) : scores;
			softmax |= logits;
			var top = new ArrayList<PictureResult.TopClass>();
			for (int i = 0; i < p.length; i++) {
				String label = (i < labels.size()) ? labels.get(i) : Integer.toString(i);
				top.add(new PictureResult.TopClass(label, p[i], String.format(Locale.ROOT, "%.1f %%", 100 * p[i])));
			}
			top.sort(Comparator.comparingDouble(PictureResult.TopClass::probability).reversed());
			examples.add(new Example(row + 1, List.copyOf(top.subList(0, Math.min(TOP, top.size())))));
		}
		return new ConsoleTop(List.copyOf(examples), softmax);
	}

	private static boolean probabilities(double[] scores) {
		double sum = 0;
		for (double score : scores) {
			if (!(score >= 0 && score <= 1)) {
				return false;
			}
			sum += score;
		}
		return Math.abs(sum - 1) <= 0.001;
	}

	private static double[] softmax(double[] scores) {
		double max = Double.NEGATIVE_INFINITY;
		for (double score : scores) {
			max = Math.max(max, score);
		}
		double sum = 0;
		double[] p = new double[scores.length];
		for (int i = 0; i < scores.length; i++) {
			p[i] = Math.exp(scores[i] - max);
			sum += p[i];
		}
		for (int i = 0; i < p.length; i++) {
			p[i] /= sum;
		}
		return p;
	}

	/**
	 * One example's best classes.
	 *
	 * @param number its place in the request, from 1
	 * @param classes its best classes, most likely first
	 */
	record Example(int number, List<PictureResult.TopClass> classes) {

	}

}

package io.modelhost.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.modelhost.engine.DataType;
import io.modelhost.engine.ImagePreprocessing;
import io.modelhost.engine.ImagePreprocessing.Layout;
import io.modelhost.engine.InvalidInputException;
import io.modelhost.engine.InvalidInputException.InputProblem;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an image model takes pictures: the conversion of a picture into its input tensor,
 * the names of its classes, and whether its output is already probabilities. Declared by
 * the uploader, stored with the model version, and used by every picture the endpoint
 * receives.
 *
 * <p>
 * As JSON: {@code {"width": 8, "height": 8, "channels": 1, "layout": "NCHW", "scale":
 * 0.0039, "mean": [0], "std": [1], "labels": ["0", …], "output": "auto"}}.
 *
 * @param preprocessing picture to tensor, exactly as in training
 * @param labels one name per class, in the model's output order; empty: the class indices
 * {@code "0"}, {@code "1"}, …
 * @param output what the model's output values are
 */
public record ImageInput(ImagePreprocessing preprocessing, List<String> labels, Output output) {

	/** The most labels a model may declare. */
	public static final int MAX_LABELS = 10_000;

	/** The longest label. */
	public static final int MAX_LABEL = 200;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	public ImageInput {
		labels = List.copyOf(labels);
		if (labels.size() > MAX_LABELS) {
			throw new IllegalArgumentException("at most " + MAX_LABELS + " labels but got " + labels.size());
		}
	}

	/**
	 * Parses a declaration.
	 * @param at the JSON Pointer of the declaration in its request, for the problems
	 * @throws InvalidInputException listing every problem, each with a pointer
	 */
	public static ImageInput parse(JsonNode node, String at) {
		var problems = new ProblemList();
		if (!node.isObject()) {
			problems.add(at, "the image input must be an object {width, height, channels, layout, scale, mean, std, "
					+ "labels, output}");
			throw new InvalidInputException(problems.list());
		}
		for (String name : node.propertyNames()) {
			if (!List.of("width", "height", "channels", "layout", "scale", "mean", "std", "labels", "output")
				.contains(name)) {
				problems.add(at + "/" + ProblemList.escape(name), "unknown field '" + name + "'");
			}
		}
		int width = integer(node, "width", at, problems, -1);
		int height = integer(node, "height", at, problems, -1);
		int channels = integer(node, "channels", at, problems, 1);
		if (channels != 1 && channels != 3 && node.has("channels")) {
			problems.add(at + "/channels", "channels must be 1 (grey) or 3 (RGB)");
		}
		for (String side : List.of("width", "height")) {
			int value = side.equals("width") ? width : height;
			if (value != -1 && (value < 1 || value > ImagePreprocessing.MAX_SIDE)) {
				problems.add(at + "/" + side, side + " must be 1 to " + ImagePreprocessing.MAX_SIDE);
			}
		}
		Layout layout = Layout.NCHW;
		JsonNode layoutNode = node.get("layout");
		if (layoutNode != null) {
			try {
				layout = Layout.of(layoutNode.isString() ? layoutNode.asString() : layoutNode.toString());
			}
			catch (IllegalArgumentException ex) {
				problems.add(at + "/layout", "layout must be \"NCHW\" or \"NHWC\"");
			}
		}
		double scale = 1.0 / 255;
		JsonNode scaleNode = node.get("scale");
		if (scaleNode != null) {
			if (!scaleNode.isNumber() || !(scaleNode.asDouble() > 0) || !Double.isFinite(scaleNode.asDouble())) {
				problems.add(at + "/scale", "scale must be a positive number, e.g. 0.00392156862745098 (1/255)");
			}
			else {
				scale = scaleNode.asDouble();
			}
		}
		int perChannel = (channels == 3) ? 3 : 1;
		double[] mean = perChannel(node, "mean", at, perChannel, 0.0, false, problems);
		double[] std = perChannel(node, "std", at, perChannel, 1.0, true, problems);
		List<String> labels = labels(node.get("labels"), at + "/labels", problems);
		Output output = Output.AUTO;
		JsonNode outputNode = node.get("output");
		if (outputNode != null) {
			Output named = outputNode.isString() ? Output.of(outputNode.asString()) : null;
			if (named == null) {
				problems.add(at + "/output", "output must be \"probabilities\", \"logits\" or \"auto\"");
			}
			else {
				output = named;
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems.list());
		}
		return new ImageInput(new ImagePreprocessing(width, height, channels, layout, scale, mean, std), labels,
				output);
	}

	private static int integer(JsonNode node, String name, String at, ProblemList problems, int fallback) {
		JsonNode value = node.get(name);
		if (value == null) {
			if (fallback == -1) {
				problems.add(at + "/" + name, "'" + name + "' is required");
			}
			return fallback;
		}
		if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
			problems.add(at + "/" + name, "'" + name + "' must be a positive whole number");
			return (fallback == -1) ? 1 : fallback;
		}
		return value.asInt();
	}

	/** One value per channel: a number for all, or an array of one per channel. */
	private static double[] perChannel(JsonNode node, String name, String at, int channels, double fallback,
			boolean positive, ProblemList problems) {
		double[] values = new double[channels];
		java.util.Arrays.fill(values, fallback);
		JsonNode value = node.get(name);
		if (value == null) {
			return values;
		}
		var numbers = new ArrayList<JsonNode>();
		if (value.isArray()) {
			value.forEach(numbers::add);
			if (numbers.size() != channels) {
				problems.add(at + "/" + name,
						name + " needs one value per channel (" + channels + ") but has " + numbers.size());
				return values;
			}
		}
		else {
			for (int c = 0; c < channels; c++) {
				numbers.add(value);
			}
		}
		for (int c = 0; c < channels; c++) {
			JsonNode number = numbers.get(c);
			boolean valid = number.isNumber() && Double.isFinite(number.asDouble())
					&& (!positive || number.asDouble() > 0);
			if (!valid) {
				problems.add(at + "/" + name + (value.isArray() ? "/" + c : ""),
						name + " must be " + (positive ? "a positive number" : "a finite number"));
			}
			else {
				values[c] = number.asDouble();
			}
		}
		return values;
	}

	private static List<String> labels(@Nullable JsonNode node, String at, ProblemList problems) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isArray() || node.size() > MAX_LABELS) {
			problems.add(at, "labels must be an array of at most " + MAX_LABELS + " class names");
			return List.of();
		}
		var labels = new ArrayList<String>();
		for (int i = 0; i < node.size(); i++) {
			JsonNode label = node.get(i);
			String text = label.isString() ? label.asString() : (label.isNumber() ? label.asString() : null);
			if (text == null || text.isBlank() || text.length() > MAX_LABEL) {
				problems.add(at + "/" + i, "each label must be a text of 1 to " + MAX_LABEL + " characters");
			}
			else if (labels.contains(text)) {
				problems.add(at + "/" + i, "label '" + text + "' appears twice");
			}
			else {
				labels.add(text);
			}
		}
		return labels;
	}

	/** The declaration as JSON, as {@link #parse} reads it. */
	public ObjectNode toJson() {
		ObjectNode node = NODES.objectNode();
		node.put("width", this.preprocessing.width());
		node.put("height", this.preprocessing.height());
		node.put("channels", this.preprocessing.channels());
		node.put("layout", this.preprocessing.layout().name());
		node.put("scale", this.preprocessing.scale());
		ArrayNode mean = node.putArray("mean");
		for (double value : this.preprocessing.mean()) {
			mean.add(value);
		}
		ArrayNode std = node.putArray("std");
		for (double value : this.preprocessing.std()) {
			std.add(value);
		}
		ArrayNode labels = node.putArray("labels");
		this.labels.forEach(labels::add);
		node.put("output", this.output.label());
		return node;
	}

	/**
	 * What keeps this declaration from fitting the model: one 4-D float input whose fixed
	 * dimensions are this size, channels and layout, and one output {@code [batch,
	 * classes]} with as many classes as labels.
	 * @param at the JSON Pointer of the declaration, for the problems
	 * @return the problems, empty when it fits
	 */
	public List<InputProblem> problemsWith(ModelSignature signature, String at) {
		var problems = new ProblemList();
		if (!(signature instanceof TensorSignature tensors)) {
			if (signature instanceof TabularSignature) {
				problems.add(at, "the model takes rows of named features, not pictures");
			}
			return problems.list();
		}
		if (tensors.inputs().size() != 1) {
			problems.add(at, "the model takes " + tensors.inputs().size() + " inputs; a picture fills only one");
			return problems.list();
		}
		TensorSpec input = tensors.inputs().getFirst();
		if (input.type() != DataType.FP32 && input.type() != DataType.FP64) {
			problems.add(at, "the model's input '" + input.name() + "' is " + input.type() + "; pictures become "
					+ "FP32 or FP64 tensors");
		}
		if (input.shape().size() != 4) {
			problems.add(at, "the model's input '" + input.name() + "' has shape " + input.shape()
					+ "; a batch of pictures is 4-D (NCHW or NHWC)");
			return problems.list();
		}
		long[] wanted = this.preprocessing.shape(1);
		String[] fields = (this.preprocessing.layout() == Layout.NCHW)
				? new String[] { "", "channels", "height", "width" }
				: new String[] { "", "height", "width", "channels" };
		for (int d = 1; d < 4; d++) {
			long actual = input.shape().get(d);
			if (actual >= 0 && actual != wanted[d]) {
				String detail = "the model's input '" + input.name() + "' has shape " + input.shape() + ", so "
						+ fields[d] + " must be " + actual + " in layout " + this.preprocessing.layout() + ", not "
						+ wanted[d];
				problems.add(at + "/" + fields[d], detail + layoutHint(input.shape()));
			}
		}
		if (tensors.outputs().size() != 1 || tensors.outputs().getFirst().shape().size() != 2) {
			problems.add(at,
					"the model gives " + tensors.outputs().stream().map((o) -> o.name() + " " + o.shape()).toList()
							+ "; a classifier gives one output [batch, classes]");
			return problems.list();
		}
		long classes = tensors.outputs().getFirst().shape().get(1);
		if (classes >= 0 && !this.labels.isEmpty() && classes != this.labels.size()) {
			problems.add(at + "/labels",
					"the model gives " + classes + " classes but " + this.labels.size() + " labels were declared");
		}
		return problems.list();
	}

	/** Says so when the other layout would fit where this one does not. */
	private String layoutHint(List<Long> shape) {
		Layout other = (this.preprocessing.layout() == Layout.NCHW) ? Layout.NHWC : Layout.NCHW;
		long[] wanted = new ImagePreprocessing(this.preprocessing.width(), this.preprocessing.height(),
				this.preprocessing.channels(), other, this.preprocessing.scale(), this.preprocessing.mean(),
				this.preprocessing.std())
			.shape(1);
		for (int d = 1; d < 4; d++) {
			if (shape.get(d) >= 0 && shape.get(d) != wanted[d]) {
				return "";
			}
		}
		return " (the shape fits layout " + other + ")";
	}

	/** The name of class {@code index}: its label, or the index itself. */
	public String label(int index) {
		return this.labels.isEmpty() ? Integer.toString(index) : this.labels.get(index);
	}

	/** What a model's output values are. */
	public enum Output {

		/**
		 * Probabilities when every row is non-negative and sums to 1 (within 0.001),
		 * logits otherwise.
		 */
		AUTO,
		/** Already probabilities (the model ends with a softmax). */
		PROBABILITIES,
		/** Scores to which softmax is applied. */
		LOGITS;

		static @Nullable Output of(String name) {
			for (Output output : values()) {
				if (output.label().equals(name.toLowerCase(Locale.ROOT))) {
					return output;
				}
			}
			return null;
		}

		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}

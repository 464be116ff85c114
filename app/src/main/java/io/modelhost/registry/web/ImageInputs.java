package io.modelhost.registry.web;

import io.modelhost.engine.InvalidInputException;
import io.modelhost.protocol.ImageInput;
import io.modelhost.registry.InvalidImageInputException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code image_input} an uploader declares: a multipart field holding JSON at upload,
 * a JSON member in a PATCH.
 */
final class ImageInputs {

	static final String DESCRIPTION = "For image models: how a picture becomes the model's input, as JSON, e.g. "
			+ "{\"width\": 28, \"height\": 28, \"channels\": 1, \"layout\": \"NCHW\", \"scale\": 0.00392156862745098, "
			+ "\"labels\": [\"0\", \"1\", …], \"output\": \"auto\"}. Optional: layout (NCHW), scale (1/255), mean "
			+ "(0) and std (1) per channel, labels (class indices), output (auto, probabilities or logits). "
			+ "Checked against the model's input and output shapes.";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String POINTER = "/image_input";

	private ImageInputs() {
	}

	/** The field of a multipart upload; null when blank. */
	static @Nullable ImageInput parse(@Nullable String field) {
		if (field == null || field.isBlank()) {
			return null;
		}
		JsonNode node;
		try {
			node = JSON.readTree(field);
		}
		catch (JacksonException ex) {
			throw new InvalidImageInputException(java.util.List
				.of(new InvalidInputException.InputProblem(POINTER, "'image_input' is not valid JSON")));
		}
		return parse(node);
	}

	/** A JSON member; null for JSON null (no image input). */
	static @Nullable ImageInput parse(JsonNode node) {
		if (node.isNull()) {
			return null;
		}
		try {
			return ImageInput.parse(node, POINTER);
		}
		catch (InvalidInputException ex) {
			throw new InvalidImageInputException(ex.problems());
		}
	}

}

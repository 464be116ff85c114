package io.modelhost.protocol;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

import io.modelhost.engine.DataType;
import io.modelhost.engine.ModelSignature;
import io.modelhost.engine.TabularSignature;
import io.modelhost.engine.TabularSignature.Feature;
import io.modelhost.engine.TensorSignature;
import io.modelhost.engine.TensorSignature.TensorSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A valid request body for a signature, for documentation: one row of plausible values
 * (the first category of a categorical feature, zero otherwise), or one example of zeros.
 */
public final class ExampleRequests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private ExampleRequests() {
	}

	/** {@code {"inputs": [...]}} with one row or example. */
	public static ObjectNode positional(ModelSignature signature) {
		return positional(signature, 1);
	}

	/**
	 * {@code {"inputs": [...]}} with one row or example whose free dimensions (other than
	 * the batch) have {@code freeSize} elements: a convolutional model whose picture size
	 * is free may not take 1×1.
	 */
	public static ObjectNode positional(ModelSignature signature, int freeSize) {
		ObjectNode body = NODES.objectNode();
		ArrayNode inputs = body.putArray("inputs");
		switch (signature) {
			case TabularSignature tabular -> {
				ArrayNode row = inputs.addArray();
				tabular.features().forEach((feature) -> row.add(value(feature)));
			}
			case TensorSignature tensors -> {
				if (tensors.inputs().size() == 1) {
					inputs.add(zeros(tensors.inputs().getFirst(), 1, freeSize));
				}
				else {
					ObjectNode named = body.putObject("inputs");
					tensors.inputs().forEach((spec) -> named.putArray(spec.name()).add(zeros(spec, 1, freeSize)));
				}
			}
		}
		return body;
	}

	/**
	 * {@code {"instances": [{...}]}} with the rows of a stored positional example keyed
	 * by name, for a tabular model whose example request holds rows of its features (one
	 * given at upload); otherwise as {@link #named(ModelSignature)}.
	 */
	public static ObjectNode named(ModelSignature signature, JsonNode positionalExample) {
		JsonNode rows = positionalExample.get("inputs");
		if (!(signature instanceof TabularSignature tabular) || rows == null || !rows.isArray() || rows.isEmpty()) {
			return named(signature);
		}
		int n = tabular.features().size();
		for (JsonNode row : rows) {
			if (!row.isArray() || row.size() != n) {
				return named(signature);
			}
		}
		ObjectNode body = NODES.objectNode();
		ArrayNode instances = body.putArray("instances");
		for (JsonNode row : rows) {
			ObjectNode instance = instances.addObject();
			for (int i = 0; i < n; i++) {
				instance.set(tabular.features().get(i).name(), row.get(i));
			}
		}
		return body;
	}

	/** {@code {"instances": [{...}]}} with one row or example keyed by name. */
	public static ObjectNode named(ModelSignature signature) {
		ObjectNode body = NODES.objectNode();
		ObjectNode instance = body.putArray("instances").addObject();
		switch (signature) {
			case TabularSignature tabular -> tabular.features().forEach((f) -> instance.set(f.name(), value(f)));
			case TensorSignature tensors -> tensors.inputs().forEach((s) -> instance.set(s.name(), example(s)));
		}
		return body;
	}

	/**
	 * {@code {"images": ["<base64>"]}} with one black PNG picture of the declared size.
	 */
	public static ObjectNode images(ImageInput imageInput) {
		var picture = new BufferedImage(imageInput.preprocessing().width(), imageInput.preprocessing().height(),
				BufferedImage.TYPE_BYTE_BINARY);
		var png = new ByteArrayOutputStream();
		try {
			ImageIO.write(picture, "png", png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ObjectNode body = NODES.objectNode();
		body.putArray("images").add(Base64.getEncoder().encodeToString(png.toByteArray()));
		return body;
	}

	private static JsonNode value(Feature feature) {
		if (!feature.categories().isEmpty()) {
			return Values.toJson(feature.categories().getFirst());
		}
		return switch (feature.type()) {
			case DOUBLE, FLOAT -> NODES.numberNode(0.0);
			case INTEGER -> NODES.numberNode(0);
			case STRING -> NODES.stringNode("");
			case BOOLEAN -> NODES.booleanNode(false);
		};
	}

	/**
	 * Zeros of the input's shape without its batch dimension (a free dimension gets 1).
	 */
	private static JsonNode example(TensorSpec spec) {
		return zeros(spec, 1, 1);
	}

	/** Whether some input has a free dimension other than its batch. */
	public static boolean hasFreeDimensions(ModelSignature signature) {
		return signature instanceof TensorSignature tensors && tensors.inputs()
			.stream()
			.anyMatch((spec) -> spec.shape().stream().skip(1).anyMatch((dimension) -> dimension < 0));
	}

	private static JsonNode zeros(TensorSpec spec, int depth, int freeSize) {
		if (depth >= spec.shape().size()) {
			return zero(spec.type());
		}
		long size = (spec.shape().get(depth) >= 0) ? Math.max(1, spec.shape().get(depth)) : freeSize;
		ArrayNode array = NODES.arrayNode();
		for (long i = 0; i < Math.min(size, 10_000); i++) {
			array.add(zeros(spec, depth + 1, freeSize));
		}
		return array;
	}

	private static JsonNode zero(DataType type) {
		return switch (type) {
			case BOOL -> NODES.booleanNode(false);
			case BYTES -> NODES.stringNode("");
			case FP32, FP64 -> NODES.numberNode(0.0);
			default -> NODES.numberNode(0);
		};
	}

}

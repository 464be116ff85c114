package io.modelhost.registry;

import java.util.List;

import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.protocol.ImageInput;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an uploader declares about a model beside its file.
 *
 * @param inputs the input tensors, for formats that do not record them (TorchScript);
 * empty when none are declared
 * @param imageInput how the model takes pictures, or null when it takes none (or it is
 * declared later)
 * @param features names (and types) for a tabular model's features, in the model's order;
 * empty when none are declared
 * @param inputExample one row as an object by feature name, one positional row, or an
 * array of rows; run through the model at admission and stored as the version's example
 * request. Null when none is given
 */
public record UploadDeclarations(List<TensorSpec> inputs, @Nullable ImageInput imageInput,
		List<FeatureDeclaration> features, @Nullable JsonNode inputExample) {

	/** The longest {@code input_example} field accepted, in characters. */
	public static final int MAX_EXAMPLE_CHARS = 64 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public UploadDeclarations {
		inputs = List.copyOf(inputs);
		features = List.copyOf(features);
	}

	/** Tensor inputs and an image input only. */
	public UploadDeclarations(List<TensorSpec> inputs, @Nullable ImageInput imageInput) {
		this(inputs, imageInput, List.of(), null);
	}

	/** Nothing declared: the file tells all. */
	public static UploadDeclarations none() {
		return new UploadDeclarations(List.of(), null);
	}

	/**
	 * Reads the {@code input_example} field of an upload.
	 * @return the example, or null when the field is absent or blank
	 * @throws InvalidDeclarationException (pointer {@code /input_example}) unless it is a
	 * JSON object or array of at most {@link #MAX_EXAMPLE_CHARS} characters
	 */
	public static @Nullable JsonNode parseExample(@Nullable String field) {
		if (field == null || field.isBlank()) {
			return null;
		}
		if (field.length() > MAX_EXAMPLE_CHARS) {
			throw new InvalidDeclarationException("/input_example",
					"'input_example' is longer than " + MAX_EXAMPLE_CHARS + " characters; one or a few rows suffice");
		}
		JsonNode example;
		try {
			example = JSON.readTree(field);
		}
		catch (JacksonException ex) {
			throw new InvalidDeclarationException("/input_example", "'input_example' is not valid JSON");
		}
		if (!example.isObject() && !(example.isArray() && !example.isEmpty())) {
			throw new InvalidDeclarationException("/input_example",
					"'input_example' must be one row as an object by feature name, e.g. {\"sepal length\": 5.1, …}, "
							+ "or an array of rows");
		}
		return example;
	}

}

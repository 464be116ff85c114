package io.modelhost.registry.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.modelhost.engine.DataType;
import io.modelhost.engine.TensorSignature.TensorSpec;
import io.modelhost.registry.InvalidModelMetadataException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code inputs} field of an upload: tensor inputs the uploader declares. */
final class DeclaredInputs {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MAX_INPUTS = 16;

	private static final int MAX_RANK = 8;

	private DeclaredInputs() {
	}

	static List<TensorSpec> parse(@Nullable String field) {
		if (field == null || field.isBlank()) {
			return List.of();
		}
		JsonNode array;
		try {
			array = JSON.readTree(field);
		}
		catch (JacksonException ex) {
			throw invalid("'inputs' is not valid JSON");
		}
		if (!array.isArray() || array.isEmpty() || array.size() > MAX_INPUTS) {
			throw invalid("'inputs' must be an array of 1 to " + MAX_INPUTS + " objects {name, datatype, shape}");
		}
		var specs = new ArrayList<TensorSpec>();
		for (JsonNode input : array) {
			JsonNode name = input.get("name");
			JsonNode datatype = input.get("datatype");
			JsonNode shape = input.get("shape");
			if (name == null || !name.isString() || name.asString().isBlank() || name.asString().length() > 100) {
				throw invalid("each input needs a 'name' of 1 to 100 characters");
			}
			if (datatype == null || !datatype.isString()) {
				throw invalid("input '" + name.asString() + "' needs a 'datatype' (FP32, FP64, INT64, …)");
			}
			DataType type;
			try {
				type = DataType.valueOf(datatype.asString().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw invalid("input '" + name.asString() + "' has an unknown datatype '" + datatype.asString() + "'");
			}
			if (shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > MAX_RANK) {
				throw invalid("input '" + name.asString() + "' needs a 'shape' of 1 to " + MAX_RANK + " dimensions");
			}
			var dimensions = new ArrayList<Long>();
			for (JsonNode dimension : shape) {
				if (!dimension.isIntegralNumber() || dimension.asLong() < -1 || dimension.asLong() == 0) {
					throw invalid("input '" + name.asString() + "' has a dimension that is not -1 or positive");
				}
				dimensions.add(dimension.asLong());
			}
			specs.add(new TensorSpec(name.asString(), type, dimensions));
		}
		return specs;
	}

	private static InvalidModelMetadataException invalid(String problem) {
		return new InvalidModelMetadataException("inputs", problem);
	}

}

package io.modelhost.capture;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One captured row.
 *
 * @param id its id, increasing in the order rows were stored
 * @param modelId the model
 * @param version the version that answered
 * @param capturedAt when it was answered
 * @param inputs the row's features as decoded, by name, in the signature's order: a
 * {@link Double}, {@link String} or {@link Boolean}, or null when missing
 * @param prediction the predicted label or value
 * @param probabilities the class probabilities, in the order of the model's classes; null
 * when the model gives none
 */
public record CapturedPrediction(long id, String modelId, int version, Instant capturedAt,
		Map<String, @Nullable Object> inputs, @Nullable Object prediction, @Nullable List<Double> probabilities) {

	public CapturedPrediction {
		// Map.copyOf refuses nulls, and a missing value is null
		inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
		probabilities = (probabilities != null) ? List.copyOf(probabilities) : null;
	}

}

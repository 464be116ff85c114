package io.modelhost.analysis;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a comparison is asked to do: score each model's served version on the same rows.
 *
 * @param modelIds 2 to 5 different models the caller may use
 * @param datasetId one of the caller's labelled datasets
 * @param target the column holding the true labels or values; null for the target the
 * models were trained to predict here (all the same one)
 */
public record ComparisonOrder(List<String> modelIds, String datasetId, @Nullable String target) {

	public ComparisonOrder {
		modelIds = List.copyOf(modelIds);
	}

}

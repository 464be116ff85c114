package io.modelhost.drift;

import java.time.Instant;
import java.util.List;

import io.modelhost.accounts.UserId;

/**
 * A model's captured traffic crossed its drift alert rule; published once until it is
 * back below.
 *
 * @param owner the model's owner, who is told
 * @param modelId the model
 * @param largestPsi the largest PSI of a feature
 * @param shareDrifted the share of drifted features
 * @param driftedFeatures the drifted features' names
 * @param from the start of the window compared
 * @param at when it was detected (the window's end)
 */
public record DriftDetected(UserId owner, String modelId, double largestPsi, double shareDrifted,
		List<String> driftedFeatures, Instant from, Instant at) {

	public DriftDetected {
		driftedFeatures = List.copyOf(driftedFeatures);
	}

}

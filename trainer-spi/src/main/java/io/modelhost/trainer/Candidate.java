package io.modelhost.trainer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration the search cross-validated.
 *
 * @param algorithm the family, e.g. {@code xgboost}
 * @param params the hyper-parameters that set this candidate apart, in a stable order
 * @param cvMetrics every metric of the task, from out-of-fold predictions over all rows,
 * in {@link Metric#of(Task)} order
 * @param fitSeconds the wall time of fitting and scoring every fold
 */
public record Candidate(String algorithm, Map<String, Object> params, Map<Metric, Double> cvMetrics,
		double fitSeconds) {

	public Candidate {
		params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
		cvMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cvMetrics));
	}

	/** The value of one metric. */
	public double metric(Metric metric) {
		Double value = this.cvMetrics.get(metric);
		if (value == null) {
			throw new IllegalArgumentException("no " + metric.label() + " for " + this.algorithm);
		}
		return value;
	}

}

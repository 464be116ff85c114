package io.modelhost.drift;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When a model's captured traffic counts as drifted for an alert: the largest PSI of a
 * feature at least {@code psi}, or the share of drifted features at least
 * {@code shareDrifted}; a null threshold is not watched.
 *
 * @param psi a PSI threshold, in (0, 10]
 * @param shareDrifted a share of drifted features, in (0, 1]
 * @param window how far back the captured rows compared reach, 1 hour to 30 days
 */
public record DriftRule(@Nullable Double psi, @Nullable Double shareDrifted, Duration window) {

	/** The window when none is given. */
	public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

	/** No thresholds. */
	public static final DriftRule NONE = new DriftRule(null, null, DEFAULT_WINDOW);

	/**
	 * Checks every value.
	 * @throws InvalidDriftRequestException naming the first field out of range
	 */
	public DriftRule {
		if (psi != null && (psi.isNaN() || psi <= 0 || psi > 10)) {
			throw new InvalidDriftRequestException("psi", "psi must be in (0, 10] but was " + psi);
		}
		if (shareDrifted != null && (shareDrifted.isNaN() || shareDrifted <= 0 || shareDrifted > 1)) {
			throw new InvalidDriftRequestException("share_drifted",
					"share_drifted must be in (0, 1] but was " + shareDrifted);
		}
		if (window.compareTo(Duration.ofHours(1)) < 0 || window.compareTo(Duration.ofDays(30)) > 0) {
			throw new InvalidDriftRequestException("window",
					"window must be between 1 hour and 30 days but was " + window);
		}
	}

	/** Whether a report crosses a threshold. */
	public boolean crossedBy(DriftReport report) {
		double largest = report.features()
			.stream()
			.map(DriftReport.FeatureDrift::psi)
			.filter(java.util.Objects::nonNull)
			.mapToDouble(Double::doubleValue)
			.max()
			.orElse(0);
		return (this.psi != null && largest >= this.psi)
				|| (this.shareDrifted != null && report.shareDrifted() >= this.shareDrifted);
	}

}

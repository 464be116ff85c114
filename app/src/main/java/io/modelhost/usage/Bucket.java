package io.modelhost.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The width of one point of a statistics series; buckets start at whole UTC units. */
public enum Bucket {

	MINUTE(ChronoUnit.MINUTES), HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS);

	private final ChronoUnit unit;

	Bucket(ChronoUnit unit) {
		this.unit = unit;
	}

	/** The start of the bucket the instant falls in. */
	public Instant start(Instant instant) {
		return instant.truncatedTo(this.unit);
	}

	public Duration width() {
		return this.unit.getDuration();
	}

	/** The API's name for it: {@code minute}, {@code hour}, {@code day}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The bucket a series over the period gets when none is asked for: minutes up to 3
	 * hours, hours up to 14 days, days beyond.
	 */
	public static Bucket defaultFor(Duration period) {
		if (period.compareTo(Duration.ofHours(3)) <= 0) {
			return MINUTE;
		}
		return (period.compareTo(Duration.ofDays(14)) <= 0) ? HOUR : DAY;
	}

}

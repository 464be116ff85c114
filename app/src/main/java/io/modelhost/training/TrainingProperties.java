package io.modelhost.training;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Training settings. How many trainings run at once per node, and on how many threads,
 * are the jobs module's {@code modelhost.jobs.kinds.training.*}.
 *
 * @param defaultTimeBudget the search's budget when an order gives none (default 60s)
 * @param minTimeBudget the smallest budget an order may ask for (default 5s)
 * @param maxTimeBudget the largest budget an order may ask for (default 1h)
 */
@ConfigurationProperties("modelhost.training")
public record TrainingProperties(@DefaultValue("60s") Duration defaultTimeBudget,
		@DefaultValue("5s") Duration minTimeBudget, @DefaultValue("1h") Duration maxTimeBudget) {

	public TrainingProperties {
		if (minTimeBudget.toSeconds() < 1) {
			throw new IllegalArgumentException("minTimeBudget must be at least 1s but was " + minTimeBudget);
		}
		if (maxTimeBudget.compareTo(minTimeBudget) < 0) {
			throw new IllegalArgumentException(
					"maxTimeBudget " + maxTimeBudget + " must not be below minTimeBudget " + minTimeBudget);
		}
		if (defaultTimeBudget.compareTo(minTimeBudget) < 0 || defaultTimeBudget.compareTo(maxTimeBudget) > 0) {
			throw new IllegalArgumentException("defaultTimeBudget " + defaultTimeBudget + " must be within "
					+ minTimeBudget + ".." + maxTimeBudget);
		}
	}

}

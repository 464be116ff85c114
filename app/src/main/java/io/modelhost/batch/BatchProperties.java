package io.modelhost.batch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Batch prediction settings. How many batch jobs run at once per node, and on how many
 * threads, are the jobs module's {@code modelhost.jobs.kinds.batch-prediction.*}.
 *
 * @param chunkSize rows scored per call of the model, and recorded per usage record
 * (default 1000)
 * @param retention how long a finished job's result file is kept; after that the result
 * answers 410 (default 7d)
 * @param failuresShown how many refused rows a job lists with their reasons (all are in
 * the result's {@code error} column; default 20)
 */
@ConfigurationProperties("modelhost.batch")
public record BatchProperties(@DefaultValue("1000") int chunkSize, @DefaultValue("7d") Duration retention,
		@DefaultValue("20") int failuresShown) {

	public BatchProperties {
		if (chunkSize < 1 || chunkSize > 100_000) {
			throw new IllegalArgumentException("chunkSize must be in 1..100000 but was " + chunkSize);
		}
		if (!retention.isPositive()) {
			throw new IllegalArgumentException("retention must be positive but was " + retention);
		}
		if (failuresShown < 0 || failuresShown > 1000) {
			throw new IllegalArgumentException("failuresShown must be in 0..1000 but was " + failuresShown);
		}
	}

}

package io.modelhost.jobs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What this replica does.
 *
 * @param roles {@code both} (default): it serves and runs jobs; {@code serve}: it runs no
 * jobs (training, batch predictions, evaluations stay queued for the replicas that do);
 * {@code work}: it runs jobs and is meant to stay out of the load balancer (it still
 * answers what it is asked)
 */
@ConfigurationProperties("modelhost")
public record NodeProperties(@DefaultValue("both") Role roles) {

	/** A replica's roles. */
	public enum Role {

		BOTH, SERVE, WORK;

		/** Whether a replica of this role runs jobs. */
		public boolean runsJobs() {
			return this != SERVE;
		}

	}

}

package io.modelhost.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit log settings.
 *
 * @param retention how long entries are kept (default 400d, a year and a bit, so that
 * last year's same month can be compared); a daily purge deletes older ones
 */
@ConfigurationProperties("modelhost.audit")
public record AuditProperties(@DefaultValue("400d") Duration retention) {

	public AuditProperties {
		if (retention.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException("retention must be at least 1d but was " + retention);
		}
	}

}

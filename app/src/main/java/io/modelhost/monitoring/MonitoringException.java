package io.modelhost.monitoring;

/** Base of what the monitoring module throws on purpose. */
public abstract sealed class MonitoringException extends RuntimeException permits InvalidMonitoringRequestException {

	protected MonitoringException(String message) {
		super(message);
	}

}

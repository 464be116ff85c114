package io.modelhost.scheduling;

/** The server is shutting down and takes no new predictions. */
public final class ShuttingDownException extends SchedulingException {

	public ShuttingDownException() {
		super("the server is shutting down");
	}

}

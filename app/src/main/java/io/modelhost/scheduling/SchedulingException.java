package io.modelhost.scheduling;

/**
 * Base of what the scheduler refuses: all about capacity or time, never the caller's
 * input.
 */
public abstract sealed class SchedulingException extends RuntimeException
		permits QueueFullException, DeadlineExceededException, ShuttingDownException {

	protected SchedulingException(String message) {
		super(message);
	}

}

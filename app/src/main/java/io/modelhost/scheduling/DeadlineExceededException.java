package io.modelhost.scheduling;

import java.time.Duration;

/** The prediction did not finish within its deadline. */
public final class DeadlineExceededException extends SchedulingException {

	private final Duration deadline;

	public DeadlineExceededException(Duration deadline) {
		super("the prediction did not finish within " + deadline.toMillis() + " ms");
		this.deadline = deadline;
	}

	public Duration deadline() {
		return this.deadline;
	}

}

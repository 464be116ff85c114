package io.modelhost.scheduling;

/** The model's queue is full: try again shortly. Other models are not affected. */
public final class QueueFullException extends SchedulingException {

	private final int capacity;

	public QueueFullException(int capacity) {
		super("the model's queue is full (" + capacity + " predictions waiting)");
		this.capacity = capacity;
	}

	public int capacity() {
		return this.capacity;
	}

}

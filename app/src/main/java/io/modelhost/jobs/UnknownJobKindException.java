package io.modelhost.jobs;

/** No handler for this kind of job is registered on this node. */
public final class UnknownJobKindException extends JobException {

	private final String kind;

	public UnknownJobKindException(String kind) {
		super("there is no job kind '" + kind + "'");
		this.kind = kind;
	}

	public String kind() {
		return this.kind;
	}

}

package io.modelhost.cli;

/**
 * A failure the command reports in words and an exit code, never with a stack trace.
 */
class CliException extends RuntimeException {

	private final int exitCode;

	CliException(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	int exitCode() {
		return this.exitCode;
	}

	/** A command used wrongly, or without what it needs (exit code 1). */
	static CliException usage(String message) {
		return new CliException(ExitCodes.USAGE, message);
	}

	/** The server could not be reached (exit code 3). */
	static CliException unreachable(String message) {
		return new CliException(ExitCodes.UNREACHABLE, message);
	}

}

package io.modelhost.cli;

/** The exit codes of the {@code modelhost} command. */
public final class ExitCodes {

	/** Done. */
	public static final int OK = 0;

	/** The command line was wrong, or something it needs (a login, a file) is missing. */
	public static final int USAGE = 1;

	/** The server answered with a problem (or a job it ran failed). */
	public static final int REFUSED = 2;

	/** The server could not be reached. */
	public static final int UNREACHABLE = 3;

	private ExitCodes() {
	}

}

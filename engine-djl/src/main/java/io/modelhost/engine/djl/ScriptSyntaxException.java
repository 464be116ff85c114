package io.modelhost.engine.djl;

/**
 * TorchScript program text that {@link ScriptLexer} or {@link OperatorCheck} will not
 * read: refused rather than guessed at, since a guess could differ from what libtorch
 * compiles.
 */
final class ScriptSyntaxException extends Exception {

	private final int line;

	/**
	 * @param what what was found, e.g. {@code "a tab"}
	 * @param line the 1-based line it is on
	 */
	ScriptSyntaxException(String what, int line) {
		super(what);
		this.line = line;
	}

	int line() {
		return this.line;
	}

}

package io.modelhost.analysis;

/** Base of what the analysis module throws on purpose; messages are safe to show. */
public abstract sealed class AnalysisException extends RuntimeException permits InvalidAnalysisRequestException {

	protected AnalysisException(String message) {
		super(message);
	}

}

package io.modelhost.artifacts;

/** The version cannot be exported in the format asked for; says why and what can. */
public final class ExportNotAvailableException extends ArtifactException {

	public ExportNotAvailableException(String message) {
		super(message);
	}

}

package io.modelhost.artifacts;

/** A request the artifacts module refuses; each subclass is one problem type. */
public abstract sealed class ArtifactException extends RuntimeException
		permits ExportNotAvailableException, InvalidBundleException, DamagedFileException {

	protected ArtifactException(String message) {
		super(message);
	}

}

package io.modelhost.artifacts;

/** What was sent to be verified is not a bundle: not a zip, or a part missing. */
public final class InvalidBundleException extends ArtifactException {

	public InvalidBundleException(String message) {
		super(message);
	}

}

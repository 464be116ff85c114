package io.modelhost.protocols.web;

/** A model version the request names that the model does not serve. */
public final class VersionNotFoundException extends ProtocolException {

	public VersionNotFoundException(String model, String version, int served) {
		super("model '" + Messages.quote(model) + "' has no version '" + Messages.quote(version)
				+ "'; it serves version " + served);
	}

}

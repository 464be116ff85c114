package io.modelhost.registry;

/** Base of what the registry throws on purpose. */
public abstract sealed class RegistryException extends RuntimeException permits ModelNotFoundException,
		InvalidModelMetadataException, NotPermittedException, ModelInactiveException, VersionNotFoundException,
		ShareException, InvalidImageInputException, InvalidDeclarationException, IncompatibleVersionException,
		VersionInProductionException, AliasNotFoundException, VersionInUseException, InvalidTrafficException {

	protected RegistryException(String message) {
		super(message);
	}

}

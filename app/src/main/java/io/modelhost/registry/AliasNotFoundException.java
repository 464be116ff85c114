package io.modelhost.registry;

/** A model has no alias of this name. */
public final class AliasNotFoundException extends RegistryException {

	private final String alias;

	public AliasNotFoundException(String alias) {
		super("the model has no alias '" + alias + "'");
		this.alias = alias;
	}

	/** The alias asked for. */
	public String alias() {
		return this.alias;
	}

}

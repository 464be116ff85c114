package io.modelhost.accounts;

/** The API key used is limited to other models than the one called. */
public final class ModelOutOfScopeException extends AccountException {

	public ModelOutOfScopeException() {
		super("the API key may not be used with this model");
	}

}

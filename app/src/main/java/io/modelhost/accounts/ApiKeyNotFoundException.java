package io.modelhost.accounts;

/** No API key with this id belongs to the caller. */
public final class ApiKeyNotFoundException extends AccountException {

	public ApiKeyNotFoundException() {
		super("no such API key");
	}

}

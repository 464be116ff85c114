package io.modelhost.accounts;

/**
 * Who is calling the API, and how they proved it.
 *
 * @param userId the user
 * @param credential a bearer token (full access) or an API key (predictions and docs
 * only)
 */
public record Caller(UserId userId, Credential credential) {

	/** How a caller authenticated. */
	public enum Credential {

		ACCESS_TOKEN, API_KEY

	}

}

package io.modelhost.accounts;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling the API, and how they proved it.
 *
 * @param userId the user
 * @param credential a bearer token (full access) or an API key (predictions and docs
 * only)
 * @param apiKeyId the key's id when the credential is an API key
 * @param admin whether the caller is an administrator (only with an access token: API
 * keys never carry administration rights)
 */
public record Caller(UserId userId, Credential credential, @Nullable String apiKeyId, boolean admin) {

	/** A caller with a bearer access token. */
	public static Caller withToken(UserId userId, boolean admin) {
		return new Caller(userId, Credential.ACCESS_TOKEN, null, admin);
	}

	/** A caller with an API key. */
	public static Caller withApiKey(UserId userId, String apiKeyId) {
		return new Caller(userId, Credential.API_KEY, apiKeyId, false);
	}

	/** How a caller authenticated. */
	public enum Credential {

		ACCESS_TOKEN, API_KEY

	}

}

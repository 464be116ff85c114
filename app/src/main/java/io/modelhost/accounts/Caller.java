package io.modelhost.accounts;

import java.io.Serializable;
import java.util.List;

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
 * @param modelScope for an API key limited to some models, their ids; empty otherwise
 */
public record Caller(UserId userId, Credential credential, @Nullable String apiKeyId, boolean admin,
		List<String> modelScope) implements Serializable {

	public Caller {
		modelScope = List.copyOf(modelScope);
	}

	/** A caller with a bearer access token. */
	public static Caller withToken(UserId userId, boolean admin) {
		return new Caller(userId, Credential.ACCESS_TOKEN, null, admin, List.of());
	}

	/** A caller with an API key, limited to the given models if any. */
	public static Caller withApiKey(UserId userId, String apiKeyId, List<String> modelScope) {
		return new Caller(userId, Credential.API_KEY, apiKeyId, false, modelScope);
	}

	/**
	 * Whether this caller's credential may be used with the model (its owner's, or not).
	 */
	public boolean mayUse(String modelId) {
		return this.modelScope.isEmpty() || this.modelScope.contains(modelId);
	}

	/** How a caller authenticated. */
	public enum Credential {

		ACCESS_TOKEN, API_KEY

	}

}

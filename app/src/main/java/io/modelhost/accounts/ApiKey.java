package io.modelhost.accounts;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An API key as its owner sees it after creation: never the key itself.
 *
 * @param id the key's id
 * @param name what the owner called it
 * @param prefix the key's first characters, to recognise it
 * @param createdAt when it was created
 * @param lastUsedAt when it last authenticated a request, or null
 * @param revokedAt when it was revoked, or null while it works
 * @param requestsPerMinute its own request quota, or null for the default
 */
public record ApiKey(String id, String name, String prefix, Instant createdAt, @Nullable Instant lastUsedAt,
		@Nullable Instant revokedAt, @Nullable Integer requestsPerMinute) {

	/** A new key together with its secret, which is shown this once and never stored. */
	public record Issued(ApiKey key, String secret) {

		@Override
		public String toString() {
			return "Issued[" + this.key + "]";
		}

	}

}

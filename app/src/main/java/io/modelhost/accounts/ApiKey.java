package io.modelhost.accounts;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An API key as its owner sees it after creation: never the key itself.
 *
 * @param id the key's id
 * @param name what the owner called it
 * @param prefix the key's first characters, to recognise it
 * @param createdAt when it was created (or last regenerated)
 * @param lastUsedAt when it last authenticated a request, or null
 * @param revokedAt when it was revoked, or null while it works
 * @param options its quota, expiry and model scope
 */
public record ApiKey(String id, String name, String prefix, Instant createdAt, @Nullable Instant lastUsedAt,
		@Nullable Instant revokedAt, Options options) {

	/**
	 * What the owner chose for a key.
	 *
	 * @param requestsPerMinute its own request quota, or null for the default
	 * @param expiresAt when it stops working, or null for never
	 * @param modelIds the only models it may be used with; empty for all of the owner's
	 */
	public record Options(@Nullable Integer requestsPerMinute, @Nullable Instant expiresAt, List<String> modelIds) {

		public static final Options DEFAULT = new Options(null, null, List.of());

		public Options {
			modelIds = List.copyOf(modelIds);
			if (requestsPerMinute != null && requestsPerMinute < 1) {
				throw new IllegalArgumentException("requestsPerMinute must be >= 1 but was " + requestsPerMinute);
			}
		}

	}

	/** A new key together with its secret, which is shown this once and never stored. */
	public record Issued(ApiKey key, String secret) {

		@Override
		public String toString() {
			return "Issued[" + this.key + "]";
		}

	}

}

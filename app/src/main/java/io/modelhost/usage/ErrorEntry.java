package io.modelhost.usage;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A prediction request that failed; never its payload.
 *
 * @param at when it was answered
 * @param status the HTTP status
 * @param outcome {@code client_error} or {@code server_error}
 * @param protocol the API called
 * @param requestId the correlation id
 * @param apiKeyId the API key used, if one was
 * @param modelVersion the version that served or would have
 * @param latencyMillis time from receiving to answering
 * @param errorType the problem type's slug, e.g. {@code invalid-input}; null if unnamed
 * (or recorded before error types were)
 * @param errorTitle the problem type's title
 */
public record ErrorEntry(Instant at, int status, String outcome, String protocol, String requestId,
		@Nullable String apiKeyId, int modelVersion, double latencyMillis, @Nullable String errorType,
		@Nullable String errorTitle) {

}

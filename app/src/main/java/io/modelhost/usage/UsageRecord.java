package io.modelhost.usage;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One prediction request.
 *
 * @param id the server's unique id for the request (the record's key)
 * @param requestId the correlation id (the caller's {@code X-Request-Id} or ours)
 * @param modelId the model
 * @param modelVersion the version that served (or would have)
 * @param userId the caller: the user whose token or API key made the request, who is not
 * the model's owner when the model is shared with them
 * @param apiKeyId the API key used, if one was
 * @param protocol which API was called: {@code modelhost}, {@code v2}, {@code v1},
 * {@code mlflow}
 * @param status the HTTP status answered
 * @param rows rows or examples in the request (0 if it was not understood)
 * @param latencyMicros time from receiving to answering
 * @param queueMicros time spent waiting in the model's queue
 * @param batchSize requests in the batch it ran in (0 if it did not run)
 * @param at when it was answered
 * @param errorType the slug of the problem type answered (e.g. {@code invalid-input},
 * {@code model-busy}), null for a success or an error nothing named
 * @param errorTitle the fixed title of that problem type, e.g. {@code Invalid input}
 */
public record UsageRecord(String id, String requestId, String modelId, int modelVersion, String userId,
		@Nullable String apiKeyId, String protocol, int status, int rows, long latencyMicros, long queueMicros,
		int batchSize, Instant at, @Nullable String errorType, @Nullable String errorTitle) {

	/** A record of a request that answered without a named problem. */
	public UsageRecord(String id, String requestId, String modelId, int modelVersion, String userId,
			@Nullable String apiKeyId, String protocol, int status, int rows, long latencyMicros, long queueMicros,
			int batchSize, Instant at) {
		this(id, requestId, modelId, modelVersion, userId, apiKeyId, protocol, status, rows, latencyMicros, queueMicros,
				batchSize, at, null, null);
	}

	/**
	 * {@code success} (2xx), {@code client_error} (4xx) or {@code server_error} (5xx).
	 */
	public String outcome() {
		if (this.status < 400) {
			return "success";
		}
		return (this.status < 500) ? "client_error" : "server_error";
	}

}

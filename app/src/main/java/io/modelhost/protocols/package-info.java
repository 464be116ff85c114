/**
 * The standard inference protocols that existing clients already speak, as thin adapters
 * over {@link io.modelhost.serving.Predictor}: the Open Inference Protocol V2 REST API
 * ({@code /v2/...}, as KServe, Triton and MLServer serve it), KServe's V1 protocol
 * ({@code /v1/models/{name}:predict}) and MLflow's scoring protocol
 * ({@code /api/v1/models/{id}/invocations}). Every prediction goes through the same
 * queues, batching, deadlines, quotas and usage records as the platform's own API; only
 * decoding, encoding and the error format differ. Models are the caller's own, addressed
 * by id or, where the protocol names models, by name. Offers no API to other modules.
 */
@NullMarked
package io.modelhost.protocols;

import org.jspecify.annotations.NullMarked;

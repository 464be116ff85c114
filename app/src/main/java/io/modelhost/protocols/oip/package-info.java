/**
 * The Open Inference Protocol V2 REST API (kserve/kserve
 * {@code docs/predict-api/v2/required_api.md}): server and model health, server and model
 * metadata, and inference with JSON tensors or Triton's binary tensor data extension (see
 * {@link io.modelhost.protocols.oip.InferenceBody}). Tabular models appear as one tensor
 * per feature; errors are {@code {"error": "..."}}.
 */
@NullMarked
package io.modelhost.protocols.oip;

import org.jspecify.annotations.NullMarked;

package io.modelhost.protocols.oip;

import java.util.List;

/**
 * An inference response ({@code $inference_response}).
 *
 * @param modelName the model as the request named it
 * @param modelVersion the version that answered
 * @param id the request's {@code id}, or the request id ({@code X-Request-Id}) when it
 * gave none
 * @param outputs the output tensors
 */
record InferenceResponse(String modelName, String modelVersion, String id, List<ResponseOutput> outputs) {

}

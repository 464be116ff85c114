package io.modelhost.protocols.oip;

/**
 * The protocol's error body ({@code $inference_error_response}).
 *
 * @param error what went wrong, safe to show
 */
record ErrorResponse(String error) {

}

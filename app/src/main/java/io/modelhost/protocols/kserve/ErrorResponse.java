package io.modelhost.protocols.kserve;

/**
 * KServe's error body.
 *
 * @param error what went wrong, safe to show
 */
record ErrorResponse(String error) {

}

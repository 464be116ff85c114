package io.modelhost.protocols.mlflow;

/**
 * MLflow's error body.
 *
 * @param errorCode MLflow's error code, e.g. {@code BAD_REQUEST}
 * @param message what went wrong, safe to show
 */
record MlflowErrorResponse(String errorCode, String message) {

}

package io.modelhost.protocols.oip;

/**
 * Model readiness ({@code $ready_model_response}).
 *
 * @param name the model as the request named it
 * @param ready whether its endpoint is on and its stored file loads
 */
record ModelReadyResponse(String name, boolean ready) {

}

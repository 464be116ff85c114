package io.modelhost.protocols.oip;

/**
 * Server readiness ({@code $ready_server_response}).
 *
 * @param ready whether the server takes predictions
 */
record ServerReadyResponse(boolean ready) {

}
